import type { Context, MiddlewareHandler } from "hono";
import type { LimitDecision, Limiter, RateDecision, SpendRequest } from "../authority/limiter";
import { objectFailure } from "../authority/object-call";
import { selectLimiter } from "../authority/select-limiter";
import { configOf } from "../config";
import type { AiEnv } from "../env";
import { ApiError, unavailable } from "../errors/api-error";
import { KEY_FAILURE_MESSAGES } from "../keys/failure-messages";
import { editResponseHeaders } from "./response-headers";

/** Builds the limiter for one request. Tests pass their own to inject failures. */
export type LimiterFactory = (c: Context<AiEnv>) => Limiter;

/**
 * The request's one call to its module's object: judges the key, counts the rate limits and,
 * for a spending request, reserves its worst case. Throws the contract's error when refused.
 * Returns the request id the reservation is held under.
 */
export type Gate = { admit(spend?: SpendRequest): Promise<string> };

const defaultFactory: LimiterFactory = (c) => selectLimiter(c.env, (work) => c.executionCtx.waitUntil(work));

function rateHeaders(d: RateDecision): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(d.limit),
    "X-RateLimit-Remaining": String(d.remaining),
    "X-RateLimit-Reset": String(d.resetAt),
  };
}

/** Every AI route but the model listing calls a provider, and so admits itself with its worst case. */
const callsProvider = (path: string) => !/^\/api\/v1\/models(\/|$)/.test(path);

/** The contract's error for a refused decision, or null when the request may go ahead. */
function refusal(decision: LimitDecision): ApiError | null {
  if (decision.kind === "key") return new ApiError(decision.code, KEY_FAILURE_MESSAGES[decision.code]);
  if (decision.kind === "budget") {
    const headers = rateHeaders(decision.rate);
    if (decision.retryAfter !== null) headers["Retry-After"] = String(decision.retryAfter);
    const whose = decision.scope === "module" ? "This key's" : "This key's account's";
    const when = decision.retryAfter === null ? "It does not reset (period total)." : "Retry after the period resets.";
    return new ApiError(
      "budget_exhausted",
      `${whose} budget cannot cover this request's worst case (prompt plus max output tokens). ${when}`,
      { headers },
    );
  }
  if (decision.allowed) return null;
  return new ApiError("rate_limited", `Rate limit of ${decision.limit} requests per hour reached for this key.`, {
    headers: { ...rateHeaders(decision), "Retry-After": String(decision.retryAfter) },
  });
}

/**
 * The gate after key-auth: one call to the module's limiter judges the key's pushed state
 * (revoked, disabled, expired, deleted), counts the per-key and per-visitor (`CF-Connecting-IP`)
 * limits and, for routes that call a provider, reserves the request's worst case in its budgets.
 * Those routes admit themselves (`admitSpend`, from `callProvider` and the passthrough) once
 * they know the model and the worst case; the model listing is admitted here. Sets
 * X-RateLimit-* on every answer after admission, and refunds a reservation the route left open
 * (it failed). An unreachable or failing limiter gives 503 `unavailable`, or passes with a
 * warning when `RATE_LIMIT_FAIL_OPEN` is "true" and the key has no budget to enforce (budgets
 * never fail open); an overloaded one always gives 503 and is never retried.
 */
export function rateLimit(
  options: { limiter?: LimiterFactory; admitsInRoute?: (path: string) => boolean } = {},
): MiddlewareHandler<AiEnv> {
  const limiterFor = options.limiter ?? defaultFactory;
  const admitsInRoute = options.admitsInRoute ?? callsProvider;
  return async function rateLimit(c, next) {
    const config = configOf(c.env);
    const key = c.get("apiKey");
    const admitted: { headers: Record<string, string> | null; called: boolean } = { headers: null, called: false };
    const gate: Gate = {
      async admit(spend) {
        // Never the client's X-Request-Id: a replayed id would be answered from the idempotency record.
        const requestId = crypto.randomUUID();
        admitted.called = true;
        let decision: LimitDecision;
        try {
          decision = await limiterFor(c).check({
            key,
            // The runtime sets CF-Connecting-IP; X-Forwarded-For is client-controlled and ignored.
            clientIp: c.req.header("cf-connecting-ip") || "unknown",
            requestId,
            defaultLimit: config.DEFAULT_RATE_LIMIT_PER_HOUR,
            ...(spend ? { spend } : {}),
          });
        } catch (err) {
          const { overloaded } = objectFailure(err);
          const budgeted = spend !== undefined && (Boolean(key.budget) || key.accountId !== null);
          if (!overloaded && !budgeted && config.RATE_LIMIT_FAIL_OPEN) {
            c.get("log").warn("rate_limiter_unavailable_fail_open", {
              module_id: key.moduleId,
              error: (err as Error).name,
            });
            return requestId;
          }
          c.get("log").error("rate_limiter_unavailable", {
            module_id: key.moduleId,
            overloaded,
            error: (err as Error).name,
          });
          throw unavailable(
            overloaded
              ? "This key is receiving more requests than its limiter can take; retry shortly."
              : "The rate limiter is unavailable; retry shortly.",
          );
        }
        const refused = refusal(decision);
        if (refused) throw refused;
        if (decision.kind === "rate") admitted.headers = rateHeaders(decision);
        return requestId;
      },
    };
    c.set("gate", gate);
    const deferred = admitsInRoute(c.req.path);
    if (!deferred) await gate.admit();
    await next();
    if (deferred && !admitted.called && c.res.status < 400) {
      // A route that answered without its object call: a bug (no limit, no budget). Loud, never silent.
      c.get("log").error("gate_not_admitted", { module_id: key.moduleId, route: c.req.path });
    }
    c.get("spend")?.refund();
    const set = admitted.headers;
    if (set) {
      editResponseHeaders(c, (h) => {
        for (const [name, value] of Object.entries(set)) h.set(name, value);
      });
    }
  };
}
