import { WINDOW_MS } from "./limiter";

const SECOND_MS = 1000;
/**
 * Buckets are whole seconds. A request in bucket `b` still counts while the current second is
 * ≤ b + 3600, i.e. over 3601 buckets: any rolling hour [t, t + 1 h) touches at most 3601 buckets,
 * so every admission in it saw all the earlier ones. That makes the limit exact ("at most N in
 * any rolling hour") at the cost of holding each slot up to one second longer than an hour.
 */
const WINDOW_BUCKETS = WINDOW_MS / SECOND_MS + 1;

export const SLIDING_WINDOW_SCHEMA = `
  CREATE TABLE IF NOT EXISTS hits (
    scope TEXT NOT NULL,
    sec INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (scope, sec)
  ) WITHOUT ROWID;
`;

/** A window's figures at one instant. */
export type WindowState = { used: number; oldestSec: number | null };

/**
 * A sliding-window log over SQLite, one row per (scope, second). Every method is synchronous:
 * inside a Durable Object, a read followed by a write with no await between them is atomic.
 */
export class SlidingWindow {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * Sums the buckets inside the window. Buckets that left it are ignored by the sum and deleted
   * only when there are some, i.e. when a bucket rolls out: about once a second for a busy scope,
   * instead of one DELETE per request. After a read the scope holds no bucket outside the window.
   */
  read(scope: string, nowMs: number): WindowState {
    const firstSec = Math.floor(nowMs / SECOND_MS) - WINDOW_BUCKETS + 1;
    const row = this.sql
      .exec<{ used: number; oldest: number | null; stalest: number | null }>(
        `SELECT COALESCE(SUM(n) FILTER (WHERE sec >= ?), 0) AS used, MIN(sec) FILTER (WHERE sec >= ?) AS oldest,
           MIN(sec) AS stalest FROM hits WHERE scope = ?`,
        firstSec,
        firstSec,
        scope,
      )
      .one();
    if (row.stalest !== null && row.stalest < firstSec) {
      this.sql.exec("DELETE FROM hits WHERE scope = ? AND sec < ?", scope, firstSec);
    }
    return { used: row.used, oldestSec: row.oldest };
  }

  /** Counts one request now. */
  add(scope: string, nowMs: number): void {
    this.sql.exec(
      "INSERT INTO hits (scope, sec, n) VALUES (?, ?, 1) ON CONFLICT (scope, sec) DO UPDATE SET n = n + 1",
      scope,
      Math.floor(nowMs / SECOND_MS),
    );
  }

  /** Epoch ms at which the oldest counted request leaves the window (one more becomes available). */
  nextSlotAt(state: WindowState, nowMs: number): number {
    const oldest = state.oldestSec ?? Math.floor(nowMs / SECOND_MS);
    return (oldest + WINDOW_BUCKETS) * SECOND_MS;
  }

  /** Epoch ms at which fewer than `limit` requests remain counted, so one more would be admitted. */
  admitsAgainAt(scope: string, state: WindowState, limit: number, nowMs: number): number {
    if (state.used < limit) return nowMs;
    // The earliest bucket whose departure (with all older ones) brings the count below the limit.
    const row = this.sql
      .exec<{ sec: number }>(
        `SELECT sec FROM (SELECT sec, SUM(n) OVER (ORDER BY sec) AS gone FROM hits WHERE scope = ?)
         WHERE ? - gone < ? ORDER BY sec LIMIT 1`,
        scope,
        state.used,
        limit,
      )
      .toArray()[0];
    const sec = row?.sec ?? state.oldestSec ?? Math.floor(nowMs / SECOND_MS);
    return (sec + WINDOW_BUCKETS) * SECOND_MS;
  }

  /** Forgets a scope entirely (an evicted visitor, a deleted module). */
  clear(scope?: string): void {
    if (scope === undefined) this.sql.exec("DELETE FROM hits");
    else this.sql.exec("DELETE FROM hits WHERE scope = ?", scope);
  }
}
