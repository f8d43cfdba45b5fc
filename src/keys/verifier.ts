import { fillCache } from "./cache-fill";
import { isPresentableKey } from "./format";
import { hashKey } from "./hash";
import type { KeyCache } from "./key-cache";
import type { AuthenticatedKey, CacheEntry, KeyRecord } from "./key-record";

export type VerifyFailure = "invalid_key" | "key_expired" | "key_revoked" | "key_disabled" | "unavailable";
export type VerifyResult = { ok: true; key: AuthenticatedKey } | { ok: false; code: VerifyFailure };

export type VerifierDeps = {
  pepper: string;
  cache: KeyCache;
  /** The source of truth: D1, read from the primary. Throws when D1 is unreachable. */
  lookup: (hash: string) => Promise<CacheEntry>;
  /** Runs work after the response (ctx.waitUntil). */
  defer: (work: Promise<unknown>) => void;
  now: number;
};

/** The decision for one record at one instant. Evaluated on every request, cached or not. */
export function evaluateRecord(record: KeyRecord, now: number): "ok" | "key_expired" | "key_revoked" | "key_disabled" {
  if (record.status === "revoked") return "key_revoked";
  if (record.status === "disabled") return "key_disabled";
  if (record.role === "previous" && (record.previousKeyExpiresAt === null || record.previousKeyExpiresAt <= now)) {
    return "key_expired";
  }
  if (record.expiresAt !== null && record.expiresAt <= now) return "key_expired";
  return "ok";
}

/**
 * Authenticates a module key: format and checksum (offline; an imported legacy key has no
 * checksum, only its shape) → HMAC → KV → D1 on a miss (then
 * a KV fill after the response). Never throws for an expected failure; the result names it.
 */
export async function verifyKey(rawKey: string, deps: VerifierDeps): Promise<VerifyResult> {
  if (!isPresentableKey(rawKey)) return { ok: false, code: "invalid_key" };
  const keyHash = await hashKey(rawKey, deps.pepper);

  let entry = await deps.cache.get(keyHash);
  if (!entry) {
    try {
      entry = await deps.lookup(keyHash);
    } catch {
      return { ok: false, code: "unavailable" };
    }
    deps.defer(fillCache(deps.cache, deps.lookup, keyHash, entry));
  }
  if (!entry.found) return { ok: false, code: "invalid_key" };

  const decision = evaluateRecord(entry.record, deps.now);
  if (decision !== "ok") return { ok: false, code: decision };
  return { ok: true, key: { ...entry.record, keyHash } };
}
