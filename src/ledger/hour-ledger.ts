import { addToBucket, bucketKey, type HourBucket, type UsageEvent } from "./hour-buckets";
import { hourOf } from "./period";

export const HOUR_LEDGER_SCHEMA = `
  CREATE TABLE IF NOT EXISTS ledger_hours (hour INTEGER NOT NULL, model TEXT NOT NULL, requests INTEGER NOT NULL,
    rejected INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,
    nano INTEGER NOT NULL, flushed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (hour, model)) WITHOUT ROWID;
`;

/** Flushed hours stay in the object this long, so a live read can still cover the last day. */
const KEEP_FLUSHED_MS = 26 * 3_600_000;

type Row = {
  hour: number;
  model: string;
  requests: number;
  rejected: number;
  prompt_tokens: number;
  completion_tokens: number;
  nano: number;
  flushed: number;
};

/**
 * A module's usage per UTC hour and model, in memory and written through to SQLite on every
 * change (one upsert of the bucket's absolute figures). Closed hours are handed to the alarm,
 * which writes them to D1 and marks them flushed; a bucket only changes in its own hour, so a
 * flushed bucket never changes again.
 */
export class HourLedger {
  private readonly buckets = new Map<string, HourBucket & { flushed: boolean }>();

  constructor(private readonly sql: SqlStorage) {
    sql.exec(HOUR_LEDGER_SCHEMA);
    for (const r of sql.exec<Row>("SELECT * FROM ledger_hours")) {
      this.buckets.set(bucketKey(r.hour, r.model), {
        hour: r.hour,
        model: r.model,
        requests: r.requests,
        rejected: r.rejected,
        promptTokens: r.prompt_tokens,
        completionTokens: r.completion_tokens,
        nanoUsd: r.nano,
        flushed: r.flushed === 1,
      });
    }
  }

  /** Adds one request to its hour's bucket; true when that bucket is new (the alarm must be set). */
  record(event: UsageEvent, now: number): boolean {
    const hour = hourOf(now);
    const key = bucketKey(hour, event.model);
    const before = this.buckets.get(key);
    const b = addToBucket(before, hour, event);
    this.buckets.set(key, { ...b, flushed: false });
    this.sql.exec(
      `INSERT INTO ledger_hours (hour, model, requests, rejected, prompt_tokens, completion_tokens, nano, flushed)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (hour, model) DO UPDATE SET requests = excluded.requests,
       rejected = excluded.rejected, prompt_tokens = excluded.prompt_tokens,
       completion_tokens = excluded.completion_tokens, nano = excluded.nano`,
      hour,
      b.model,
      b.requests,
      b.rejected,
      b.promptTokens,
      b.completionTokens,
      b.nanoUsd,
    );
    return before === undefined;
  }

  /** Closed hours not yet written to D1. */
  closed(now: number): HourBucket[] {
    const current = hourOf(now);
    return [...this.buckets.values()].filter((b) => !b.flushed && b.hour < current).map(({ flushed: _, ...b }) => b);
  }

  /** After D1 accepted them: marks the buckets flushed and forgets flushed ones older than a day. */
  markFlushed(buckets: HourBucket[], now: number): void {
    for (const b of buckets) {
      const key = bucketKey(b.hour, b.model);
      const held = this.buckets.get(key);
      if (held) held.flushed = true;
      this.sql.exec("UPDATE ledger_hours SET flushed = 1 WHERE hour = ? AND model = ?", b.hour, b.model);
    }
    const horizon = hourOf(now) - KEEP_FLUSHED_MS;
    for (const [key, b] of this.buckets) if (b.flushed && b.hour < horizon) this.buckets.delete(key);
    this.sql.exec("DELETE FROM ledger_hours WHERE flushed = 1 AND hour < ?", horizon);
  }

  /** Buckets from `from` on that D1 does not hold yet (unflushed), for a live read. */
  unflushedSince(from: number): HourBucket[] {
    return [...this.buckets.values()].filter((b) => !b.flushed && b.hour >= from).map(({ flushed: _, ...b }) => b);
  }

  /** Tokens in every bucket D1 does not hold yet, for a lifetime total read live. */
  unflushedTokens(): { promptTokens: number; completionTokens: number } {
    let promptTokens = 0;
    let completionTokens = 0;
    for (const b of this.buckets.values()) {
      if (b.flushed) continue;
      promptTokens += b.promptTokens;
      completionTokens += b.completionTokens;
    }
    return { promptTokens, completionTokens };
  }

  hasUnflushed(): boolean {
    for (const b of this.buckets.values()) if (!b.flushed) return true;
    return false;
  }
}
