import type { AuthenticatedKey } from "../keys/key-record";
import type { KeyJudgement } from "../keys/key-state";
import type { Charge } from "../ledger/charge";

/** The window every limit counts over: "at most N requests in any rolling hour". */
export const WINDOW_MS = 3_600_000;

/** One AI request, as the limiter sees it. Carries no key material beyond the key's HMAC. */
export type LimitInput = {
  /** The authenticated key's record (from KV or D1) and its hash. */
  key: AuthenticatedKey;
  /** `CF-Connecting-IP`, or "unknown" when the runtime did not set it. */
  clientIp: string;
  /** Gateway-generated, never client-chosen: a retried call with this id is not counted twice. */
  requestId: string;
  /** `DEFAULT_RATE_LIMIT_PER_HOUR`, for keys whose own limit is null. */
  defaultLimit: number;
  /** For a request that spends (every AI call): its model and worst case, reserved in the same call. */
  spend?: SpendRequest;
};

/** What a spending request asks its module's (and account's) object to reserve before the call. */
export type SpendRequest = { model: string; worstCase: Charge };

/** A counted request: admitted or not, with the figures for the X-RateLimit-* headers. */
export type RateDecision = {
  kind: "rate";
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds at which one more request becomes available. */
  resetAt: number;
  /** Whole seconds until a request would succeed (≥ 1); 0 when allowed. */
  retryAfter: number;
};

/** The key's own state forbids the request; nothing was counted. */
export type KeyVerdict = { kind: "key"; code: Exclude<KeyJudgement, "ok"> };

/**
 * The module's or its account's budget cannot cover the request's worst case: nothing was
 * reserved. `retryAfter` is the seconds to the period's reset (null for a `total` budget);
 * `rate` carries the X-RateLimit-* figures.
 */
export type BudgetRefusal = {
  kind: "budget";
  scope: "module" | "account";
  retryAfter: number | null;
  rate: RateDecision;
};

export type LimitDecision = RateDecision | KeyVerdict | BudgetRefusal;

/** A module's use of its per-key limit in the current window. */
export type Usage = { limit: number; used: number; remaining: number; resetAt: number };

/** A rate-limit backend. Throws when its store cannot be reached; the caller decides fail open/closed. */
export interface Limiter {
  /** Judges the key's state, then counts the request against the key and visitor limits. */
  check(input: LimitInput): Promise<LimitDecision>;
  /** The per-key window's usage, without counting anything. */
  usage(moduleId: string, limit: number): Promise<Usage>;
}
