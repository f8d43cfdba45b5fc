import { configOf } from "../config";
import { durableObjectLimiter, limiterObject, toObjectInput } from "./durable-object-limiter";
import type { BudgetRefusal, KeyVerdict, Limiter } from "./limiter";
import type { KeyAllowed } from "./module-authority";
import { callObject } from "./object-call";
import type { UpstashDeps } from "./upstash-limiter";

/**
 * The limiter `RATE_LIMIT_BACKEND` names (`durable-object`, the default, or `upstash`), built
 * from this request's bindings. Throws on an unknown backend or missing Upstash settings; the
 * caller treats that like an unreachable limiter.
 */
export function selectLimiter(env: Env, defer: (work: Promise<unknown>) => void): Limiter {
  const config = configOf(env);
  const backend = config.RATE_LIMIT_BACKEND;
  if (backend === "durable-object") return durableObjectLimiter(env.MODULE_AUTHORITY);
  if (backend === "upstash") {
    return lazyUpstashLimiter({
      url: config.UPSTASH_REDIS_REST_URL,
      token: config.UPSTASH_REDIS_REST_TOKEN,
      judge: (input) =>
        callObject(async (): Promise<KeyVerdict | KeyAllowed | BudgetRefusal> => {
          const stub = limiterObject(env.MODULE_AUTHORITY, input.key.moduleId);
          return (await stub.judge(toObjectInput(input))) as KeyVerdict | KeyAllowed | BudgetRefusal;
        }),
      release: (input) =>
        callObject(() =>
          limiterObject(env.MODULE_AUTHORITY, input.key.moduleId).release(input.requestId, input.key.accountId),
        ),
      defer,
    });
  }
  throw new Error(`RATE_LIMIT_BACKEND must be "durable-object" or "upstash", not ${JSON.stringify(backend)}`);
}

/**
 * The Upstash backend, its module (and the Upstash client libraries) evaluated on first use, so
 * an isolate of a deployment that does not use Upstash never runs their top-level code. Missing
 * settings reject the call, which the caller treats like an unreachable limiter.
 */
function lazyUpstashLimiter(deps: UpstashDeps): Limiter {
  let built: Promise<Limiter> | null = null;
  const limiter = () => {
    built ??= import("./upstash-limiter").then((m) => m.upstashLimiter(deps));
    return built;
  };
  return {
    check: async (input) => (await limiter()).check(input),
    usage: async (moduleId, limit) => (await limiter()).usage(moduleId, limit),
  };
}
