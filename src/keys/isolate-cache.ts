import { type KeyCache, versionOf } from "./key-cache";
import type { CacheEntry } from "./key-record";

/**
 * How long an isolate reuses a key record before asking KV again. What that bound means per
 * field of the record (see docs/benchmark.md, "Key record in the isolate"):
 * - status (revoked, disabled), expiry, key generations (rotation) and limits: none. The module's
 *   Durable Object judges them on every request from the state admin writes push to it, so a
 *   stale copy here can never admit a revoked, disabled, rotated-out or deleted key.
 * - expiry is also evaluated per request from the record, to the millisecond.
 * - allowed origins, allowed models, output cap, account (BYOK owner): an admin change reaches
 *   the isolate that served the admin request at once (`replace` below) and every other isolate
 *   within this TTL after its location's KV has the change.
 */
export const ISOLATE_RECORD_TTL_MS = 5_000;
/** Key records an isolate keeps at most; the least recently used is dropped first. */
export const ISOLATE_RECORD_MAX = 5_000;

type Memo = { entry: CacheEntry; until: number };

/** A bounded, short-lived, least-recently-used map of key hash → cache entry, in one isolate. */
export class RecordMemo {
  private readonly entries = new Map<string, Memo>();

  constructor(
    private readonly ttlMs = ISOLATE_RECORD_TTL_MS,
    private readonly max = ISOLATE_RECORD_MAX,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The entry if it was stored less than the TTL ago. */
  get(hash: string): CacheEntry | null {
    const memo = this.entries.get(hash);
    if (!memo) return null;
    this.entries.delete(hash);
    if (memo.until <= this.clock()) return null;
    this.entries.set(hash, memo); // most recently used last
    return memo.entry;
  }

  /** Stores the entry unless a newer version of it is held (a late cache fill must not undo an admin write). */
  put(hash: string, entry: CacheEntry): void {
    const held = this.entries.get(hash);
    if (held && versionOf(held.entry) > versionOf(entry)) return;
    this.entries.delete(hash);
    this.entries.set(hash, { entry, until: this.clock() + this.ttlMs });
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Forgets everything (tests simulating a cold isolate). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The isolate's own memo, shared by every request it serves. */
export const isolateRecords = new RecordMemo();

/**
 * A KeyCache that answers from the isolate's memo before KV. Found records are memoised on
 * the way through; a "no such key" from KV or D1 is not (a key imported a moment later must
 * work), but an admin tombstone is, so a late fill cannot bring a deleted key back here.
 */
export function isolateKeyCache(inner: KeyCache, memo: RecordMemo = isolateRecords): KeyCache {
  return {
    async get(hash) {
      const held = memo.get(hash);
      if (held) return held;
      const entry = await inner.get(hash);
      if (entry?.found) memo.put(hash, entry);
      return entry;
    },
    async fill(hash, entry) {
      if (entry.found) memo.put(hash, entry);
      await inner.fill(hash, entry);
    },
    async replace(hash, entry) {
      memo.put(hash, entry);
      await inner.replace(hash, entry);
    },
  };
}
