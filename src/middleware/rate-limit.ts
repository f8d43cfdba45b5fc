import type { Context, MiddlewareHandler } from "hono";
import type { Limiter, RateDecision } from "../authority/limiter";
import { objectFailure } from "../authority/object-call";
import { selectLimiter } from "../authority/select-limiter";
import { configOf } from "../config";
import type { AiEnv } from "../env";
import { ApiError, unavailable } from "../errors/api-error";
import { KEY_FAILURE_MESSAGES } from "../keys/failure-messages";
import { editResponseHeaders } from "./response-headers";

/** Builds the limiter for one request. Tests pass their own to inject failures. */
export type LimiterFactory = (c: Context<AiEnv>) => Limiter;

const defaultFactory: LimiterFactory = (c) => selectLimiter(c.env, (work) => c.executionCtx.waitUntil(work));

function rateHeaders(d: RateDecision): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(d.limit),
    "X-RateLimit-Remaining": String(d.remaining),
    "X-RateLimit-Reset": String(d.resetAt),
  };
}

/**
 * Consults the module's limiter after key-auth: the key's pushed state first (revoked, expired,
 * deleted), then the per-key and per-visitor (`CF-Connecting-IP`) limits. Sets X-RateLimit-*
 * on every answer after it. An unreachable or failing limiter gives 503 `unavailable`, or passes
 * with a warning when `RATE_LIMIT_FAIL_OPEN` is "true"; an overloaded one always gives 503 and
 * is never retried. `BENCH_DISABLE_LIMITER` = "true" (set only by `npm run bench`) skips it.
 */
export function rateLimit(options: { limiter?: LimiterFactory } = {}): MiddlewareHandler<AiEnv> {
  const limiterFor = options.limiter ?? defaultFactory;
  return async function rateLimit(c, next) {
    const config = configOf(c.env);
    if (config.BENCH_DISABLE_LIMITER) return next();
    const key = c.var.apiKey;
    let decision: Awaited<ReturnType<Limiter["check"]>>;
    try {
      decision = await limiterFor(c).check({
        key,
        // The runtime sets CF-Connecting-IP; X-Forwarded-For is client-controlled and ignored.
        clientIp: c.req.header("cf-connecting-ip") || "unknown",
        // Never the client's X-Request-Id: a replayed id would be answered from the idempotency record.
        requestId: crypto.randomUUID(),
        defaultLimit: config.DEFAULT_RATE_LIMIT_PER_HOUR,
      });
    } catch (err) {
      const { overloaded } = objectFailure(err);
      if (!overloaded && config.RATE_LIMIT_FAIL_OPEN) {
        c.var.log.warn("rate_limiter_unavailable_fail_open", { module_id: key.moduleId, error: (err as Error).name });
        return next();
      }
      c.var.log.error("rate_limiter_unavailable", { module_id: key.moduleId, overloaded, error: (err as Error).name });
      throw unavailable(
        overloaded
          ? "This key is receiving more requests than its limiter can take; retry shortly."
          : "The rate limiter is unavailable; retry shortly.",
      );
    }
    if (decision.kind === "key") throw new ApiError(decision.code, KEY_FAILURE_MESSAGES[decision.code]);
    const headers = rateHeaders(decision);
    if (!decision.allowed) {
      throw new ApiError("rate_limited", `Rate limit of ${decision.limit} requests per hour reached for this key.`, {
        headers: { ...headers, "Retry-After": String(decision.retryAfter) },
      });
    }
    await next();
    editResponseHeaders(c, (h) => {
      for (const [name, value] of Object.entries(headers)) h.set(name, value);
    });
  };
}
