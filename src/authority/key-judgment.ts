import type { Budget, ModuleRow } from "../db/schema";
import type { KeyRecord } from "../keys/key-record";
import type { KeyStatePush } from "./key-state";
import type { KeyVerdict } from "./limiter";

/**
 * What a module's Durable Object knows about its keys. `authoritative` is true once an admin
 * write pushed it; before that (rows older than this code, or a failed push) the object adopts
 * the newest record that requests carry, and cannot tell an unknown hash from a missing push.
 */
export type StoredKeyState = {
  authoritative: boolean;
  deleted: boolean;
  version: number;
  status: ModuleRow["status"];
  keyHash: string | null;
  previousKeyHash: string | null;
  previousKeyExpiresAt: number | null;
  expiresAt: number | null;
  rateLimitPerHour: number | null;
  rateLimitPerVisitorPerHour: number | null;
  /** The module's budget; absent in states stored before budgets existed (read as none). */
  budget?: Budget | null;
};

/** The state after an admin push; a push older than what is stored changes nothing. */
export function applyPush(stored: StoredKeyState | null, push: KeyStatePush): StoredKeyState {
  if (stored && stored.version > push.version) return stored;
  if (push.deleted) {
    return {
      authoritative: true,
      deleted: true,
      version: push.version,
      status: "revoked",
      keyHash: null,
      previousKeyHash: null,
      previousKeyExpiresAt: null,
      expiresAt: null,
      rateLimitPerHour: null,
      rateLimitPerVisitorPerHour: null,
      budget: null,
    };
  }
  const { deleted: _deleted, ...rest } = push;
  return { ...rest, authoritative: true, deleted: false };
}

/**
 * The state after seeing a request's record (from KV or D1, never from the client). A newer
 * record is adopted; an equal one fills in its hash when the state was never pushed; an older
 * one (a stale cache elsewhere) changes nothing.
 */
export function adoptRecord(stored: StoredKeyState | null, record: KeyRecord, keyHash: string): StoredKeyState {
  const slot = record.role === "current" ? "keyHash" : "previousKeyHash";
  if (stored && stored.version > record.version) return stored;
  if (stored && stored.version === record.version) {
    return stored.authoritative || stored[slot] === keyHash ? stored : { ...stored, [slot]: keyHash };
  }
  return {
    authoritative: false,
    deleted: false,
    version: record.version,
    status: record.status,
    keyHash: slot === "keyHash" ? keyHash : null,
    previousKeyHash: slot === "previousKeyHash" ? keyHash : null,
    previousKeyExpiresAt: record.previousKeyExpiresAt,
    expiresAt: record.expiresAt,
    rateLimitPerHour: record.rateLimitPerHour,
    rateLimitPerVisitorPerHour: record.rateLimitPerVisitorPerHour,
    budget: record.budget ?? null,
  };
}

/** The verdict on a presented key hash at `now`, or null when the key may proceed to counting. */
export function judgeKey(
  state: StoredKeyState,
  keyHash: string,
  recordRole: KeyRecord["role"],
  now: number,
): KeyVerdict | null {
  if (state.deleted) return { kind: "key", code: "invalid_key" };
  let role: KeyRecord["role"] | null = null;
  if (keyHash === state.keyHash) role = "current";
  else if (keyHash === state.previousKeyHash) role = "previous";
  else if (!state.authoritative) role = recordRole;
  if (role === null) return { kind: "key", code: "invalid_key" };
  if (state.status === "revoked") return { kind: "key", code: "key_revoked" };
  if (state.status === "disabled") return { kind: "key", code: "key_disabled" };
  if (role === "previous" && (state.previousKeyExpiresAt === null || state.previousKeyExpiresAt <= now)) {
    return { kind: "key", code: "key_expired" };
  }
  if (state.expiresAt !== null && state.expiresAt <= now) return { kind: "key", code: "key_expired" };
  return null;
}
