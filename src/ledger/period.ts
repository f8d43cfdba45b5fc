import type { Budget } from "../db/schema";
import { DAY_MS } from "../lib/time";

export type BudgetPeriod = Budget["period"];

/** One budget period: when it started and when it resets (null for `total`, which never does). */
export type PeriodWindow = { start: number; resetsAt: number | null };

/**
 * The calendar UTC period containing `now`: the day, the ISO week (starting Monday 00:00 UTC),
 * the month, or for `total` the whole life of the key.
 */
export function periodWindow(period: BudgetPeriod, now: number): PeriodWindow {
  const d = new Date(now);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  switch (period) {
    case "day":
      return { start: midnight, resetsAt: midnight + DAY_MS };
    case "week": {
      // getUTCDay: Sunday 0 … Saturday 6; days since Monday: Monday 0 … Sunday 6.
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      const start = midnight - sinceMonday * DAY_MS;
      return { start, resetsAt: start + 7 * DAY_MS };
    }
    case "month":
      return {
        start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
        resetsAt: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
      };
    case "total":
      return { start: 0, resetsAt: null };
  }
}

/** Whole seconds from `now` to the period's reset (at least 1), or null for `total`. */
export function secondsToReset(window: PeriodWindow, now: number): number | null {
  return window.resetsAt === null ? null : Math.max(1, Math.ceil((window.resetsAt - now) / 1000));
}

/** The UTC hour containing `now`, as epoch ms of its start. */
export function hourOf(now: number): number {
  return now - (now % 3_600_000);
}
