import type { ModuleRow } from "../db/schema";
import { type KeyRole, type KeyState, keyStateOf } from "./key-state";

export type { KeyRole } from "./key-state";

/**
 * What the KV cache holds for a key hash: the key's state and which of its keys the hash is.
 * Not the decision: the judge runs on every request, so a cached record never extends a key's life.
 */
export type KeyRecord = KeyState & { role: KeyRole };

/** A cache entry: a found record, or "no such key" (unknown, or a tombstone of a deleted one). */
export type CacheEntry = { found: true; record: KeyRecord } | { found: false; version: number };

/** A key that passed authentication; `keyHash` is the presented key's hash. */
export type AuthenticatedKey = KeyRecord & { keyHash: string };

/** The record a key hash maps to, from the module row it was found in. */
export function toKeyRecord(row: ModuleRow, role: KeyRole): KeyRecord {
  return { ...keyStateOf(row), role };
}

/**
 * The serialisation version of a KV entry. Entries without one were written before the one key
 * model (a flat record without hashes, passthrough, built-in tools, budget or key format).
 */
export const CACHE_ENTRY_FORMAT = 2;

/** An entry as KV stores it. */
export function serialiseEntry(entry: CacheEntry): string {
  return JSON.stringify({ format: CACHE_ENTRY_FORMAT, ...entry });
}

/** The record fields the first format did not have. */
type LaterFields =
  | "keyFormat"
  | "currentKeyHash"
  | "previousKeyHash"
  | "allowPassthrough"
  | "allowedBuiltinTools"
  | "budget";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/**
 * An entry read back from KV under `hash`, in either format; null when it is neither (treated as
 * a miss, so D1 answers and the fill rewrites it). An entry of the first format gets the fields it
 * predates as a row of its time had them: no passthrough, no built-in tools, no budget, a
 * generated key, and the one hash it is stored under in its role's slot.
 */
export function parseCacheEntry(raw: unknown, hash: string): CacheEntry | null {
  if (!isObject(raw) || typeof raw.found !== "boolean") return null;
  if (raw.format !== undefined && raw.format !== CACHE_ENTRY_FORMAT) return null;
  if (!raw.found) return typeof raw.version === "number" ? { found: false, version: raw.version } : null;
  const record = raw.record;
  if (!isObject(record) || typeof record.version !== "number" || typeof record.moduleId !== "string") return null;
  if (record.role !== "current" && record.role !== "previous") return null;
  if (raw.format === CACHE_ENTRY_FORMAT) return { found: true, record: record as KeyRecord };
  const legacy = record as Omit<KeyRecord, LaterFields>;
  return {
    found: true,
    record: {
      ...legacy,
      keyFormat: "egw_pub",
      currentKeyHash: legacy.role === "current" ? hash : null,
      previousKeyHash: legacy.role === "previous" ? hash : null,
      allowPassthrough: false,
      allowedBuiltinTools: [],
      budget: null,
    },
  };
}
