import type { Context } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { KEY_FAILURE_MESSAGES } from "../keys/failure-messages";

/** The window of wrangler.toml's `AUTH_FAILURES` binding (`simple.period`), told to clients as Retry-After. */
export const SHIELD_PERIOD_SECONDS = 60;
/** IPs remembered as over the limit, per isolate; the oldest is forgotten first. */
const MAX_REMEMBERED = 1024;

/**
 * IPs the shield refused lately, with when the refusal ends (epoch ms). In-isolate memory only,
 * bounded, and never consulted on a successful path: it lets an IP that is already over the
 * limit be refused before a D1 read for yet another unknown key.
 */
const refused = new Map<string, number>();

/**
 * The client's IP as Cloudflare sets it (a client-sent X-Forwarded-For is never read), or null
 * when there is none: only a local run without Cloudflare's edge lacks it, and the shield then
 * has no one to count against.
 */
export function clientIpOf<E extends AppEnv>(c: Context<E>): string | null {
  return c.req.header("cf-connecting-ip") || null;
}

/** Whether this IP was refused by the shield less than a period ago (in this isolate). */
export function isShielded(ip: string | null, now: number): boolean {
  if (ip === null) return false;
  const until = refused.get(ip);
  if (until === undefined) return false;
  if (until > now) return true;
  refused.delete(ip);
  return false;
}

function remember(ip: string, until: number): void {
  refused.delete(ip);
  refused.set(ip, until);
  if (refused.size > MAX_REMEMBERED) {
    const oldest = refused.keys().next().value;
    if (oldest !== undefined) refused.delete(oldest);
  }
}

/** 429 `too_many_failures` with the shield's Retry-After. */
export function tooManyFailures(): ApiError {
  return new ApiError("too_many_failures", KEY_FAILURE_MESSAGES.shielded, {
    headers: { "Retry-After": String(SHIELD_PERIOD_SECONDS) },
  });
}

/**
 * Counts one failed authentication (module or admin key) against the client IP in Cloudflare's
 * Rate Limiting binding, and returns the error to answer: `failure` itself while the IP is within
 * its burst, else 429 `too_many_failures`. Consulted only after a failure, so a request with a
 * valid key never touches it. A missing or failing binding leaves `failure` as it is.
 */
export async function failedAuthentication<E extends AppEnv>(c: Context<E>, failure: ApiError): Promise<ApiError> {
  const shield = c.env.AUTH_FAILURES;
  const ip = clientIpOf(c);
  if (!shield || ip === null) return failure;
  try {
    const { success } = await shield.limit({ key: ip });
    if (success) return failure;
  } catch (err) {
    c.get("log").warn("auth_failure_shield_unavailable", { error: (err as Error).name });
    return failure;
  }
  const now = Date.now();
  // One log line when an IP crosses the limit, not one per refused request.
  if (!isShielded(ip, now)) c.get("log").warn("auth_failures_shielded", { client_ip: ip });
  remember(ip, now + SHIELD_PERIOD_SECONDS * 1000);
  return tooManyFailures();
}
