import { configOf } from "../config";
import { DeadlineError, withDeadline } from "../lib/deadline";
import { durableObjectLimiter, limiterObject, toObjectInput } from "./durable-object-limiter";
import type { BudgetRefusal, KeyVerdict, Limiter, LimitInput } from "./limiter";
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
  // Refunds a request's budget reservation; safe late or twice (idempotent per request id).
  const release = (input: LimitInput) =>
    callObject(() =>
      limiterObject(env.MODULE_AUTHORITY, input.key.moduleId, config.OBJECT_LOCATION_HINT).release(
        input.requestId,
        input.key.accountId,
      ),
    );
  const late = { defer, release };
  if (backend === "durable-object") {
    return bounded(
      durableObjectLimiter(env.MODULE_AUTHORITY, config.OBJECT_LOCATION_HINT),
      config.STORE_TIMEOUT_MS,
      "the module's Durable Object",
      late,
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
      release,
      defer,
    });
    // The signal aborts each REST call; this bounds the whole decision (the key's judge included).
    return bounded(upstash, config.UPSTASH_TIMEOUT_MS + config.STORE_TIMEOUT_MS, "the Upstash limiter", late);
  }
  throw new Error(`RATE_LIMIT_BACKEND must be "durable-object" or "upstash", not ${JSON.stringify(backend)}`);
}

/** What to do with a decision that arrives after its deadline. */
type LateAnswers = { defer: (work: Promise<unknown>) => void; release: (input: LimitInput) => Promise<unknown> };

/**
 * The same limiter, each call rejecting with a DeadlineError after `ms`. A spending request
 * admitted after its deadline already reserved its worst case: the late answer releases it
 * (in the background), or the reservation would be charged in full when it goes stale.
 */
export function bounded(limiter: Limiter, ms: number, what: string, late: LateAnswers): Limiter {
  return {
    check: (input) => {
      const work = limiter.check(input);
      return withDeadline(work, ms, what).catch((err: unknown) => {
        if (err instanceof DeadlineError && input.spend) {
          late.defer(
            work.then((d) => (d.kind === "rate" && d.allowed ? late.release(input) : undefined)).catch(() => undefined),
          );
        }
        throw err;
      });
    },
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
