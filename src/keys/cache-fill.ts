import { type KeyCache, versionOf } from "./key-cache";
import type { CacheEntry } from "./key-record";

const MAX_ROUNDS = 3;

/**
 * Fills KV with a D1 lookup without resurrecting a key that an admin changed meanwhile (REV-3).
 * KV has no compare-and-set, so a fill that read D1 just before a revocation could land after
 * the revocation's own KV write. After writing, the fill therefore reads D1 again: if the row
 * moved on (or was deleted), it writes the newer state over its own. Runs after the response.
 */
export async function fillCache(
  cache: KeyCache,
  lookup: (hash: string) => Promise<CacheEntry>,
  hash: string,
  entry: CacheEntry,
): Promise<void> {
  let written = entry;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    await cache.fill(hash, written);
    let fresh: CacheEntry;
    try {
      fresh = await lookup(hash);
    } catch {
      return; // D1 unreachable: the entry expires within its TTL and the Durable Object still decides.
    }
    if (!fresh.found && written.found) {
      // The row was deleted (or the hash rotated away) after the first read: leave a tombstone.
      await cache.fill(hash, { found: false, version: written.record.version + 1 });
      return;
    }
    if (versionOf(fresh) <= versionOf(written)) return;
    written = fresh;
  }
}
