import type { Database } from "../db/client";
import { findModuleByKeyHash } from "../db/modules";
import type { CacheEntry } from "./key-record";
import { toKeyRecord } from "./key-record";

/** The D1 side of a key lookup, as a cache entry: found with its record, or not found. */
export function d1KeyLookup(db: Database) {
  return async function lookup(hash: string): Promise<CacheEntry> {
    const match = await findModuleByKeyHash(db, hash);
    if (!match) return { found: false, version: 0 };
    return { found: true, record: toKeyRecord(match.row, match.role) };
  };
}
