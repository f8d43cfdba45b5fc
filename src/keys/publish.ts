import type { ModuleRow } from "../db/schema";
import type { KeyCache } from "./key-cache";
import { toKeyRecord } from "./key-record";
import { hashesOf } from "./key-state";
import { deletionOf, type KeyStateSink, pushOf } from "./key-state-push";

/** Where an admin change goes after D1: the module's Durable Object and this location's KV. */
export type PublishTargets = { cache: KeyCache; keyState: KeyStateSink };

/** Whether the module's Durable Object persisted the change (KV is best effort either way). */
export type PublishResult = { pushed: true } | { pushed: false; error: string };

async function pushed(work: Promise<void>): Promise<PublishResult> {
  try {
    await work;
    return { pushed: true };
  } catch (err) {
    return { pushed: false, error: (err as Error).name };
  }
}

/**
 * Makes an admin change visible to the next request everywhere: the module's Durable Object
 * (which every request consults, so a stale KV copy elsewhere cannot outvote it) gets the new
 * key state, every hash that maps to the row gets the new KV record, and every hash that no
 * longer does gets a tombstone — never a bare delete, which a concurrent cache fill could undo.
 * Resolves after both; the result says whether the object has it.
 */
export async function publishModule(
  targets: PublishTargets,
  row: ModuleRow,
  droppedHashes: string[] = [],
): Promise<PublishResult> {
  const [result] = await Promise.all([
    pushed(targets.keyState.push(row.id, pushOf(row))),
    ...hashesOf(row).map(({ hash, role }) =>
      targets.cache.replace(hash, { found: true, record: toKeyRecord(row, role) }),
    ),
    ...droppedHashes.map((hash) => targets.cache.replace(hash, { found: false, version: row.version })),
  ]);
  return result;
}

/** Tells the module's Durable Object that the row is being deleted. Call before the D1 delete. */
export function pushDeletion(targets: PublishTargets, row: ModuleRow): Promise<PublishResult> {
  return pushed(targets.keyState.push(row.id, deletionOf(row)));
}

/** Tombstones every hash of a deleted row. */
export async function unpublishModule(cache: KeyCache, row: ModuleRow): Promise<void> {
  await Promise.all(hashesOf(row).map(({ hash }) => cache.replace(hash, { found: false, version: row.version + 1 })));
}
