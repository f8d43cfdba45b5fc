import type { Budget } from "../db/schema";
import { addCharges, type Charge, NO_CHARGE, nanoUsdOf, subtractCharges } from "./charge";
import { periodWindow, secondsToReset } from "./period";

/** One budget's running figures: what settled in the current period, and what is in flight. */
export type BookState = { periodStart: number; spent: Charge; reserved: Charge };

export const EMPTY_BOOK: BookState = Object.freeze({ periodStart: 0, spent: NO_CHARGE, reserved: NO_CHARGE });

/** A budget's limits in the ledger's units (tokens, nano-dollars); an absent limit does not bind. */
type Limits = { tokens: number | null; nanoUsd: number | null };

function limitsOf(budget: Budget): Limits {
  return {
    tokens: budget.tokens ?? null,
    nanoUsd: budget.usd === undefined ? null : nanoUsdOf(budget.usd),
  };
}

/**
 * The state in the period containing `now`: on a new period, what was spent is forgotten, while
 * reservations in flight stay (they will settle in the new period, so admission counts them).
 */
export function rollPeriod(state: BookState, budget: Budget, now: number): BookState {
  const { start } = periodWindow(budget.period, now);
  if (state.periodStart === start) return state;
  return { periodStart: start, spent: NO_CHARGE, reserved: state.reserved };
}

/** Whether `want` fits in what is left after spent and reserved, in every limit the budget sets. */
export function fits(state: BookState, budget: Budget, want: Charge): boolean {
  const limits = limitsOf(budget);
  const used = addCharges(state.spent, state.reserved);
  if (limits.tokens !== null && used.tokens + want.tokens > limits.tokens) return false;
  if (limits.nanoUsd !== null && used.nanoUsd + want.nanoUsd > limits.nanoUsd) return false;
  return true;
}

export const reserve = (state: BookState, charge: Charge): BookState => ({
  ...state,
  reserved: addCharges(state.reserved, charge),
});

/** Replaces a reservation by the real charge (0 for a refund). */
export const settle = (state: BookState, reserved: Charge, actual: Charge): BookState => ({
  ...state,
  reserved: subtractCharges(state.reserved, reserved),
  spent: addCharges(state.spent, actual),
});

/** A budget limit crossed by a settlement: the `budget.threshold` event's figures. */
export type Crossing = { unit: "tokens" | "usd"; percent: 80 | 100; spent: number; limit: number };

const PERCENTS = [80, 100] as const;

/** The thresholds (80 % and 100 % of each limit) that `after` reached and `before` had not. */
export function crossings(before: BookState, after: BookState, budget: Budget): Crossing[] {
  const limits = limitsOf(budget);
  const out: Crossing[] = [];
  for (const unit of ["tokens", "usd"] as const) {
    const limit = unit === "tokens" ? limits.tokens : limits.nanoUsd;
    if (limit === null || limit <= 0) continue;
    const was = unit === "tokens" ? before.spent.tokens : before.spent.nanoUsd;
    const now = unit === "tokens" ? after.spent.tokens : after.spent.nanoUsd;
    for (const percent of PERCENTS) {
      const mark = (limit * percent) / 100;
      if (was < mark && now >= mark) {
        out.push(
          unit === "tokens"
            ? { unit, percent, spent: now, limit }
            : { unit, percent, spent: now / 1e9, limit: limit / 1e9 },
        );
      }
    }
  }
  return out;
}

/** The contract's `usage.budget` view: per limit the budget sets, and when the period resets. */
export type BudgetView = {
  period: Budget["period"];
  limit: { tokens?: number; usd?: number };
  spent: { tokens: number; usd: number };
  reserved: { tokens: number; usd: number };
  remaining: { tokens?: number; usd?: number };
  resets_at: string | null;
};

export function budgetView(state: BookState, budget: Budget, now: number): BudgetView {
  const current = rollPeriod(state, budget, now);
  const window = periodWindow(budget.period, now);
  const used = addCharges(current.spent, current.reserved);
  const limit: BudgetView["limit"] = {};
  const remaining: BudgetView["remaining"] = {};
  if (budget.tokens !== undefined) {
    limit.tokens = budget.tokens;
    remaining.tokens = Math.max(0, budget.tokens - used.tokens);
  }
  if (budget.usd !== undefined) {
    limit.usd = budget.usd;
    remaining.usd = Math.max(0, nanoUsdOf(budget.usd) - used.nanoUsd) / 1e9;
  }
  return {
    period: budget.period,
    limit,
    spent: { tokens: current.spent.tokens, usd: current.spent.nanoUsd / 1e9 },
    reserved: { tokens: current.reserved.tokens, usd: current.reserved.nanoUsd / 1e9 },
    remaining,
    resets_at: window.resetsAt === null ? null : new Date(window.resetsAt).toISOString(),
  };
}

/** Seconds until a refused request could fit again: the period's reset, or null for `total`. */
export function retryAfterOf(budget: Budget, now: number): number | null {
  return secondsToReset(periodWindow(budget.period, now), now);
}
