import type { KeyRecord } from "../keys/key-record";
import type { KeyRole, KeyState } from "../keys/key-state";
import type { KeyStatePush } from "../keys/key-state-push";

/**
 * What a module's Durable Object knows about its key: the key state, and whether an admin write
 * pushed it (`authoritative`). Before a push (rows older than pushes, or a failed one) the object
 * adopts the newest record that requests carry, and cannot tell an unknown hash from a missing push.
 */
export type AuthorityState =
  | { deleted: false; authoritative: boolean; key: KeyState }
  | { deleted: true; version: number };

export const versionOf = (state: AuthorityState) => (state.deleted ? state.version : state.key.version);

/** The state after an admin push; a push older than what is stored changes nothing. */
export function applyPush(stored: AuthorityState | null, push: KeyStatePush): AuthorityState {
  const pushed: AuthorityState = push.deleted ? push : { deleted: false, authoritative: true, key: push.key };
  return stored && versionOf(stored) > versionOf(pushed) ? stored : pushed;
}

/**
 * The state after seeing a request's record (from KV or D1, never from the client). A newer
 * record is adopted; an equal one fills in the presented hash when the state was never pushed;
 * an older one (a stale cache elsewhere) changes nothing.
 */
export function adoptRecord(stored: AuthorityState | null, record: KeyRecord, keyHash: string): AuthorityState {
  const slot = record.role === "current" ? "currentKeyHash" : "previousKeyHash";
  if (stored && versionOf(stored) > record.version) return stored;
  if (stored && versionOf(stored) === record.version) {
    if (stored.deleted || stored.authoritative || stored.key[slot] === keyHash) return stored;
    return { ...stored, key: { ...stored.key, [slot]: keyHash } };
  }
  const { role: _role, ...key } = record;
  return { deleted: false, authoritative: false, key: { ...key, [slot]: keyHash } };
}

/**
 * The key state and role a presented hash has here, or null when it belongs to no key: the
 * module was deleted, or an admin push named other hashes. Unpushed state trusts the record's role.
 */
export function presentedKey(
  state: AuthorityState,
  keyHash: string,
  recordRole: KeyRole,
): { key: KeyState; role: KeyRole } | null {
  if (state.deleted) return null;
  if (keyHash === state.key.currentKeyHash) return { key: state.key, role: "current" };
  if (keyHash === state.key.previousKeyHash) return { key: state.key, role: "previous" };
  return state.authoritative ? null : { key: state.key, role: recordRole };
}
