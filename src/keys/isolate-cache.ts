import { TtlCache } from "../lib/ttl-cache";
import { type KeyCache, versionOf } from "./key-cache";
import type { CacheEntry } from "./key-record";

/**
 * How long an isolate reuses a key record before asking KV again. What that bound means per
 * field of the record (see docs/benchmark.md, "Key record in the isolate"):
 * - status (revoked, disabled), expiry, key generations (rotation) and limits: none. The module's
 *   Durable Object judges them on every request from the state admin writes push to it, so a
 *   stale copy here can never admit a revoked, disabled, rotated-out or deleted key.
 * - expiry is also evaluated per request from the record, to the millisecond.
 * - allowed origins, allowed models, output cap, account (BYOK owner), allow_passthrough and
 *   allowed_builtin_tools (read from this record, never judged by the object): an admin change reaches
 *   the isolate that served the admin request at once (`replace` below) and every other isolate
 *   within this TTL after its location's KV has the change.
 */
export const ISOLATE_RECORD_TTL_MS = 5_000;
/** Key records an isolate keeps at most; the least recently used is dropped first. */
export const ISOLATE_RECORD_MAX = 5_000;

/** Key hash → cache entry, for the isolate's lifetime: bounded, short-lived, least recently used dropped first. */
export class RecordMemo {
  private readonly cache: TtlCache<CacheEntry>;

  constructor(ttlMs = ISOLATE_RECORD_TTL_MS, max = ISOLATE_RECORD_MAX, clock: () => number = Date.now) {
    this.cache = new TtlCache(ttlMs, max, clock);
  }

  /** The entry if it was stored less than the TTL ago. */
  get(hash: string): CacheEntry | null {
    return this.cache.get(hash) ?? null;
  }

  /** Stores the entry unless a newer version of it is held (a late cache fill must not undo an admin write). */
  put(hash: string, entry: CacheEntry): void {
    const held = this.cache.peek(hash);
    if (held && versionOf(held) > versionOf(entry)) return;
    this.cache.set(hash, entry);
  }

  /** Forgets everything (tests simulating a cold isolate). */
  clear(): void {
    this.cache.clear();
  }

  get size(): number {
    return this.cache.size;
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
