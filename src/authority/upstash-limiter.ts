import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis/cloudflare";
import type { BudgetRefusal, KeyVerdict, Limiter, LimitInput, RateDecision } from "./limiter";
import type { KeyAllowed } from "./module-authority";

export type UpstashDeps = {
  url: string;
  token: string;
  /** The key's state still comes from its Durable Object: revocation never depends on Redis. */
  judge: (input: LimitInput) => Promise<KeyVerdict | KeyAllowed | BudgetRefusal>;
  /** Refunds the budget reservation `judge` made for a request that Redis then refused. */
  release: (input: LimitInput) => Promise<void>;
  /** Runs work after the response (ctx.waitUntil). */
  defer: (work: Promise<unknown>) => void;
  /** One deadline for every REST call this limiter makes (it is built per request). */
  timeoutMs: number;
};

const KEY_PREFIX = "egw:rl:key";
const VISITOR_PREFIX = "egw:rl:visitor";

/**
 * The `RATE_LIMIT_BACKEND=upstash` backend: counts through `@upstash/ratelimit`'s sliding window
 * (Upstash's weighted two-bucket approximation, see the README) in Redis over its REST API.
 * Retries and the library's built-in fail-open timeout are off, so a lost reply is never
 * counted twice and an unreachable Redis fails like an unreachable Durable Object. Every REST call
 * carries one abort signal that fires `timeoutMs` after the first: a Redis endpoint that accepts
 * and never answers makes the call throw (then 503, or a pass when fail-open), never hang.
 */
export function upstashLimiter(deps: UpstashDeps): Limiter {
  if (!deps.url || !deps.token) throw new Error("UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set");
  let deadline: AbortSignal | undefined;
  const redis = new Redis({
    url: deps.url,
    token: deps.token,
    retry: false,
    enableAutoPipelining: false,
    // A function, so that the client throws on abort (given a plain signal it returns the reason as a result).
    signal: () => {
      deadline ??= AbortSignal.timeout(deps.timeoutMs);
      return deadline;
    },
  });
  const limiter = (prefix: string, limit: number) =>
    new Ratelimit({
      redis,
      prefix,
      limiter: Ratelimit.slidingWindow(limit, "1 h"),
      ephemeralCache: false,
      timeout: 0,
      analytics: false,
    });
  const decision = (res: { success: boolean; limit: number; remaining: number; reset: number }): RateDecision => {
    const now = Date.now();
    return {
      kind: "rate",
      allowed: res.success,
      limit: res.limit,
      remaining: Math.max(0, res.remaining),
      resetAt: Math.ceil(res.reset / 1000),
      retryAfter: res.success ? 0 : Math.max(1, Math.ceil((res.reset - now) / 1000)),
    };
  };

  return {
    async check(input) {
      const verdict = await deps.judge(input);
      if (verdict.kind === "key" || verdict.kind === "budget") return verdict;
      try {
        return await count(input, verdict);
      } catch (err) {
        // Redis failed after the object reserved: refund it (in the background), then fail.
        if (input.spend) deps.defer(deps.release(input).catch(() => undefined));
        throw err;
      }
    },
    async usage(moduleId, limit) {
      const r = await limiter(KEY_PREFIX, limit).getRemaining(moduleId);
      const remaining = Math.max(0, r.remaining);
      return { limit, used: limit - remaining, remaining, resetAt: Math.ceil(r.reset / 1000) };
    },
  };

  /** Counts a judged request in Redis (visitor first, then key). */
  async function count(input: LimitInput, verdict: KeyAllowed): Promise<RateDecision> {
    const refused = async (d: RateDecision) => {
      if (input.spend) await deps.release(input);
      return d;
    };
    const moduleId = input.key.moduleId;
    const visitorId = `${moduleId}:${input.clientIp}`;
    const visitor = verdict.visitorLimit === null ? null : limiter(VISITOR_PREFIX, verdict.visitorLimit);
    // Visitor first, so one flooding visitor never touches the key's counter.
    if (visitor) {
      const v = await visitor.limit(visitorId);
      deps.defer(v.pending);
      if (!v.success) return refused(decision(v));
    }
    const k = await limiter(KEY_PREFIX, verdict.limit).limit(moduleId);
    deps.defer(k.pending);
    if (!k.success && visitor) {
      // Give the visitor's token back: a request the key limit rejected uses up no other limit.
      // Awaited, not deferred: the visitor's next request must already see the token back.
      const refund = await visitor.limit(visitorId, { rate: -1 });
      deps.defer(refund.pending);
    }
    return k.success ? decision(k) : refused(decision(k));
  }
}
