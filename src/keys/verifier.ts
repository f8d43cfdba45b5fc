import { fillCache } from "./cache-fill";
import { isPresentableKey } from "./format";
import { hashKey } from "./hash";
import type { KeyCache } from "./key-cache";
import type { AuthenticatedKey, CacheEntry } from "./key-record";
import { judgeKey, type KeyJudgement } from "./key-state";

export type VerifyFailure = Exclude<KeyJudgement, "ok"> | "unavailable" | "shielded";
export type VerifyResult = { ok: true; key: AuthenticatedKey } | { ok: false; code: VerifyFailure };

export type VerifierDeps = {
  pepper: string;
  cache: KeyCache;
  /** The source of truth: D1, read from the primary. Throws when D1 is unreachable. */
  lookup: (hash: string) => Promise<CacheEntry>;
  /** Runs work after the response (ctx.waitUntil). */
  defer: (work: Promise<unknown>) => void;
  now: number;
  /**
   * False when D1 must not be asked for this request (its client is over the failed-auth limit):
   * a cache miss is then answered `shielded` without a D1 read. Asked only on a cache miss.
   */
  mayLookup?: () => boolean;
};

/**
 * Authenticates a module key: format and checksum (offline; an imported legacy key has no
 * checksum, only its shape) → HMAC → KV → D1 on a miss (then a KV fill after the response, for a
 * key that exists: an unknown key costs no KV write, so minted keys cannot fill KV). Never throws
 * for an expected failure; the result names it.
 */
export async function verifyKey(rawKey: string, deps: VerifierDeps): Promise<VerifyResult> {
  if (!isPresentableKey(rawKey)) return { ok: false, code: "invalid_key" };
  const keyHash = await hashKey(rawKey, deps.pepper);

  let entry = await deps.cache.get(keyHash);
  if (!entry) {
    if (deps.mayLookup && !deps.mayLookup()) return { ok: false, code: "shielded" };
    try {
      entry = await deps.lookup(keyHash);
    } catch {
      return { ok: false, code: "unavailable" };
    }
    if (entry.found) deps.defer(fillCache(deps.cache, deps.lookup, keyHash, entry));
  }
  if (!entry.found) return { ok: false, code: "invalid_key" };
  const judgement = judgeKey(entry.record, entry.record.role, deps.now);
  if (judgement !== "ok") return { ok: false, code: judgement };
  return { ok: true, key: { ...entry.record, keyHash } };
}
