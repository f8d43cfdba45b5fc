import { configOf } from "../config";
import { withDeadline } from "../lib/deadline";
import { durableObjectLimiter, limiterObject, toObjectInput } from "./durable-object-limiter";
import type { BudgetRefusal, KeyVerdict, Limiter } from "./limiter";
import type { KeyAllowed } from "./module-authority";
import { callObject } from "./object-call";
import type { UpstashDeps } from "./upstash-limiter";

/**
 * The limiter `RATE_LIMIT_BACKEND` names (`durable-object`, the default, or `upstash`), built
 * from this request's bindings. Throws on an unknown backend or missing Upstash settings; the
 * caller treats that like an unreachable limiter. Every decision is bounded in time
 * (UPSTASH_TIMEOUT_MS, STORE_TIMEOUT_MS for the Durable Object): a store that never answers
 * rejects like an unreachable one.
 */
export function selectLimiter(env: Env, defer: (work: Promise<unknown>) => void): Limiter {
  const config = configOf(env);
  const backend = config.RATE_LIMIT_BACKEND;
  if (backend === "durable-object") {
    return bounded(
      durableObjectLimiter(env.MODULE_AUTHORITY, config.OBJECT_LOCATION_HINT),
      config.STORE_TIMEOUT_MS,
      "the module's Durable Object",
    );
  }
  if (backend === "upstash") {
    const upstash = lazyUpstashLimiter({
      timeoutMs: config.UPSTASH_TIMEOUT_MS,
      url: config.UPSTASH_REDIS_REST_URL,
      token: config.UPSTASH_REDIS_REST_TOKEN,
      judge: (input) =>
        callObject(async (): Promise<KeyVerdict | KeyAllowed | BudgetRefusal> => {
          const stub = limiterObject(env.MODULE_AUTHORITY, input.key.moduleId, config.OBJECT_LOCATION_HINT);
          return (await stub.judge(toObjectInput(input))) as KeyVerdict | KeyAllowed | BudgetRefusal;
        }),
      release: (input) =>
        callObject(() =>
          limiterObject(env.MODULE_AUTHORITY, input.key.moduleId, config.OBJECT_LOCATION_HINT).release(
            input.requestId,
            input.key.accountId,
          ),
        ),
      defer,
    });
    // The signal aborts each REST call; this bounds the whole decision (the key's judge included).
    return bounded(upstash, config.UPSTASH_TIMEOUT_MS + config.STORE_TIMEOUT_MS, "the Upstash limiter");
  }
  throw new Error(`RATE_LIMIT_BACKEND must be "durable-object" or "upstash", not ${JSON.stringify(backend)}`);
}

/** The same limiter, each call rejecting with a DeadlineError after `ms`. */
function bounded(limiter: Limiter, ms: number, what: string): Limiter {
  return {
    check: (input) => withDeadline(limiter.check(input), ms, what),
    usage: (moduleId, limit) => withDeadline(limiter.usage(moduleId, limit), ms, what),
  };
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
