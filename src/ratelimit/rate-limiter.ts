import { DurableObject } from "cloudflare:workers";

/** Per-module limiter and revocation point. Behaviour arrives with the rate-limit issue. */
export class RateLimiter extends DurableObject<Env> {}
