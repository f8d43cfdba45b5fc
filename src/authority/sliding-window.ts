import { WINDOW_MS } from "./limiter";

const SECOND_MS = 1000;
/**
 * Buckets are whole seconds. A request in bucket `b` still counts while the current second is
 * ≤ b + 3600, i.e. over 3601 buckets: any rolling hour [t, t + 1 h) touches at most 3601 buckets,
 * so every admission in it saw all the earlier ones. That makes the limit exact ("at most N in
 * any rolling hour") at the cost of holding each slot up to one second longer than an hour.
 */
const WINDOW_BUCKETS = WINDOW_MS / SECOND_MS + 1;
/** Scopes whose buckets are held in memory at once; the least recently used is reloaded from SQLite when needed again. */
export const WINDOWS_IN_MEMORY = 256;
/** Dropped buckets are compacted out of the arrays once this many have gone (amortised O(1)). */
const COMPACT_AFTER = 256;

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

/** One scope's buckets in ascending seconds, from `head` on, and their sum. */
type Buckets = { secs: number[]; counts: number[]; head: number; used: number };

/**
 * A sliding-window log, one bucket per (scope, second), held in memory and written through to
 * SQLite. A scope's buckets are read from SQLite once (the first time the object touches it
 * after starting), then every read and count is O(1) amortised: the running sum moves with each
 * count, and buckets that left the window fall off the front. SQLite gets one upsert per counted
 * request and one delete when buckets leave the window, so a restart resumes the exact state.
 * Every method is synchronous: inside a Durable Object a read followed by a write with no await
 * between them is atomic, and a failed write resets the object (and this memory) with it.
 */
export class SlidingWindow {
  /** scope → buckets, least recently used first. */
  private readonly scopes = new Map<string, Buckets>();

  constructor(
    private readonly sql: SqlStorage,
    private readonly maxInMemory = WINDOWS_IN_MEMORY,
  ) {}

  /** The buckets inside the window now, dropping (in memory and in SQLite) those that left it. */
  read(scope: string, nowMs: number): WindowState {
    const b = this.buckets(scope);
    const firstSec = Math.floor(nowMs / SECOND_MS) - WINDOW_BUCKETS + 1;
    const start = b.head;
    while (b.head < b.secs.length && (b.secs[b.head] as number) < firstSec) {
      b.used -= b.counts[b.head] as number;
      b.head++;
    }
    if (b.head > start) {
      this.sql.exec("DELETE FROM hits WHERE scope = ? AND sec < ?", scope, firstSec);
      if (b.head >= COMPACT_AFTER || b.head === b.secs.length) {
        b.secs.splice(0, b.head);
        b.counts.splice(0, b.head);
        b.head = 0;
      }
    }
    return { used: b.used, oldestSec: b.head < b.secs.length ? (b.secs[b.head] as number) : null };
  }

  /** Counts one request now. */
  add(scope: string, nowMs: number): void {
    const b = this.buckets(scope);
    const last = b.secs.length - 1;
    // Seconds only grow; should the clock step back, the request joins the newest bucket, which
    // holds it at least as long as its own second would.
    const sec =
      last >= b.head ? Math.max(Math.floor(nowMs / SECOND_MS), b.secs[last] as number) : Math.floor(nowMs / SECOND_MS);
    if (last >= b.head && b.secs[last] === sec) b.counts[last] = (b.counts[last] as number) + 1;
    else {
      b.secs.push(sec);
      b.counts.push(1);
    }
    b.used++;
    this.sql.exec(
      "INSERT INTO hits (scope, sec, n) VALUES (?, ?, 1) ON CONFLICT (scope, sec) DO UPDATE SET n = n + 1",
      scope,
      sec,
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
    const b = this.buckets(scope);
    let gone = 0;
    for (let i = b.head; i < b.secs.length; i++) {
      gone += b.counts[i] as number;
      if (state.used - gone < limit) return ((b.secs[i] as number) + WINDOW_BUCKETS) * SECOND_MS;
    }
    const sec = state.oldestSec ?? Math.floor(nowMs / SECOND_MS);
    return (sec + WINDOW_BUCKETS) * SECOND_MS;
  }

  /** Forgets a scope entirely (an evicted visitor), or every scope (a deleted module). */
  clear(scope?: string): void {
    if (scope === undefined) {
      this.scopes.clear();
      this.sql.exec("DELETE FROM hits");
    } else {
      this.scopes.delete(scope);
      this.sql.exec("DELETE FROM hits WHERE scope = ?", scope);
    }
  }

  /** How many scopes' buckets are held in memory now. */
  get scopesInMemory(): number {
    return this.scopes.size;
  }

  /** The scope's buckets, from memory (most recently used from now on) or loaded once from SQLite. */
  private buckets(scope: string): Buckets {
    let b = this.scopes.get(scope);
    if (b) {
      this.scopes.delete(scope);
    } else {
      b = { secs: [], counts: [], head: 0, used: 0 };
      for (const row of this.sql.exec<{ sec: number; n: number }>(
        "SELECT sec, n FROM hits WHERE scope = ? ORDER BY sec",
        scope,
      )) {
        b.secs.push(row.sec);
        b.counts.push(row.n);
        b.used += row.n;
      }
    }
    this.scopes.set(scope, b);
    if (this.scopes.size > this.maxInMemory) {
      const oldest = this.scopes.keys().next();
      if (!oldest.done) this.scopes.delete(oldest.value);
    }
    return b;
  }
}
