import type { Logger } from "../lib/logger";
import { type CacheEntry, parseCacheEntry, serialiseEntry } from "./key-record";

/** How long KV keeps a lookup. KV's floor is 60 s. */
export const FOUND_TTL_SECONDS = 120;
export const NOT_FOUND_TTL_SECONDS = 300;

/** The cache in front of D1 for key lookups, keyed by key hash. */
export interface KeyCache {
  /** The cached entry, or null on a miss or when KV fails (the caller then asks D1). */
  get(hash: string): Promise<CacheEntry | null>;
  /** Stores a D1 lookup unless KV already holds a newer version (a concurrent admin write). */
  fill(hash: string, entry: CacheEntry): Promise<void>;
  /** Overwrites the entry after an admin change: the new record or a tombstone, never a delete. */
  replace(hash: string, entry: CacheEntry): Promise<void>;
}

const cacheKey = (hash: string) => `key:${hash}`;
/** The D1 row version an entry reflects (tombstones carry the version that ended the row). */
export const versionOf = (entry: CacheEntry) => (entry.found ? entry.record.version : entry.version);
const ttlOf = (entry: CacheEntry) => (entry.found ? FOUND_TTL_SECONDS : NOT_FOUND_TTL_SECONDS);

/** A KeyCache over a KV namespace. */
export function kvKeyCache(kv: KVNamespace, log: Logger): KeyCache {
  const read = async (hash: string): Promise<CacheEntry | null> => {
    try {
      return parseCacheEntry(await kv.get(cacheKey(hash), "json"), hash);
    } catch (err) {
      log.warn("key_cache_read_failed", { error: (err as Error).name });
      return null;
    }
  };
  const write = (hash: string, entry: CacheEntry) =>
    kv.put(cacheKey(hash), serialiseEntry(entry), { expirationTtl: ttlOf(entry) });

  return {
    get: read,
    async fill(hash, entry) {
      try {
        const existing = await read(hash);
        if (existing && versionOf(existing) > versionOf(entry)) return;
        await write(hash, entry);
      } catch (err) {
        log.warn("key_cache_fill_failed", { error: (err as Error).name });
      }
    },
    async replace(hash, entry) {
      try {
        await write(hash, entry);
      } catch (err) {
        // D1 is already updated; the entry expires within FOUND_TTL_SECONDS and the key's
        // Durable Object enforces the change on the next request anyway.
        log.error("key_cache_replace_failed", { error: (err as Error).name });
      }
    },
  };
}
