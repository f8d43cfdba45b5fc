import type { ModuleRow } from "../db/schema";
import type { KeyCache } from "./key-cache";
import { hashesOf, toKeyRecord } from "./key-record";

/**
 * Makes an admin change visible to the next request in this location: every hash that maps
 * to the row gets the new record, and every hash that no longer does gets a tombstone. Never a
 * bare delete, which a concurrent cache fill holding the old record could undo.
 */
export async function publishModule(cache: KeyCache, row: ModuleRow, droppedHashes: string[] = []): Promise<void> {
  await Promise.all([
    ...hashesOf(row).map(({ hash, role }) => cache.replace(hash, { found: true, record: toKeyRecord(row, role) })),
    ...droppedHashes.map((hash) => cache.replace(hash, { found: false, version: row.version })),
  ]);
}

/** Tombstones every hash of a deleted row. */
export async function unpublishModule(cache: KeyCache, row: ModuleRow): Promise<void> {
  await Promise.all(hashesOf(row).map(({ hash }) => cache.replace(hash, { found: false, version: row.version + 1 })));
}
