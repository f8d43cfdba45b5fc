import { durableObjectLimiter, limiterObject, toObjectInput } from "./durable-object-limiter";
import type { KeyVerdict, Limiter } from "./limiter";
import { callObject } from "./object-call";
import type { KeyAllowed } from "./rate-limiter";
import { upstashLimiter } from "./upstash-limiter";

/**
 * The limiter `RATE_LIMIT_BACKEND` names (`durable-object`, the default, or `upstash`), built
 * from this request's bindings. Throws on an unknown backend or missing Upstash settings; the
 * caller treats that like an unreachable limiter.
 */
export function selectLimiter(env: Env, defer: (work: Promise<unknown>) => void): Limiter {
  const backend = env.RATE_LIMIT_BACKEND || "durable-object";
  if (backend === "durable-object") return durableObjectLimiter(env.RATE_LIMITER);
  if (backend === "upstash") {
    return upstashLimiter({
      url: env.UPSTASH_REDIS_REST_URL,
      token: env.UPSTASH_REDIS_REST_TOKEN,
      judge: (input) =>
        callObject(async (): Promise<KeyVerdict | KeyAllowed> => {
          const stub = limiterObject(env.RATE_LIMITER, input.key.moduleId);
          return (await stub.judge(toObjectInput(input))) as KeyVerdict | KeyAllowed;
        }),
      defer,
    });
  }
  throw new Error(`RATE_LIMIT_BACKEND must be "durable-object" or "upstash", not ${JSON.stringify(backend)}`);
}
