import { describe, expect, it } from "vitest";
import { generateKey } from "../../src/keys/format";
import { hashKey } from "../../src/keys/hash";
import { type KeyCache, kvKeyCache } from "../../src/keys/key-cache";
import type { CacheEntry, KeyRecord } from "../../src/keys/key-record";
import { verifyKey } from "../../src/keys/verifier";
import { createLogger } from "../../src/lib/logger";
import { mistype } from "../helpers/api";
import { keyRecord } from "../helpers/key-record";

const PEPPER = "unit-test-pepper";

function record(overrides: Partial<KeyRecord> = {}): KeyRecord {
  return keyRecord({ expiresAt: Date.now() + 60_000, ...overrides });
}

/** A cache and a D1 lookup that count their calls. */
function counting(entries: Map<string, CacheEntry>, d1: Map<string, CacheEntry>) {
  const calls = { cacheGet: 0, cacheFill: 0, lookup: 0 };
  const cache: KeyCache = {
    async get(hash) {
      calls.cacheGet++;
      return entries.get(hash) ?? null;
    },
    async fill(hash, entry) {
      calls.cacheFill++;
      entries.set(hash, entry);
    },
    async replace(hash, entry) {
      entries.set(hash, entry);
    },
  };
  const lookup = async (hash: string) => {
    calls.lookup++;
    return d1.get(hash) ?? { found: false as const, version: 0 };
  };
  const deferred: Promise<unknown>[] = [];
  return { calls, cache, lookup, defer: (p: Promise<unknown>) => deferred.push(p), deferred };
}

describe("verifyKey", () => {
  it("refuses a malformed or mistyped key with invalid_key before any cache or database access", async () => {
    const t = counting(new Map(), new Map());
    const typo = mistype(generateKey());
    for (const bad of ["nope", typo, `egw_pub_${"A".repeat(49)}`]) {
      const result = await verifyKey(bad, { pepper: PEPPER, now: Date.now(), ...t });
      expect(result).toEqual({ ok: false, code: "invalid_key" });
    }
    expect(t.calls).toEqual({ cacheGet: 0, cacheFill: 0, lookup: 0 });
  });

  it("refuses garbage carrying the egw_pub_ prefix offline even though imported keys have no checksum", async () => {
    const t = counting(new Map(), new Map());
    // 64 characters of the imported shape, but with the prefix: the checksum decides, offline.
    for (const bad of [`egw_pub_${"a".repeat(56)}`, `egw_pub_${"0123456789abcdef".repeat(4)}`]) {
      expect(await verifyKey(bad, { pepper: PEPPER, now: Date.now(), ...t })).toEqual({
        ok: false,
        code: "invalid_key",
      });
    }
    // Too short or with characters no imported key has: refused offline too.
    for (const bad of ["a".repeat(31), `${"a".repeat(40)} x`, `${"a".repeat(40)}"`]) {
      expect(await verifyKey(bad, { pepper: PEPPER, now: Date.now(), ...t })).toEqual({
        ok: false,
        code: "invalid_key",
      });
    }
    expect(t.calls).toEqual({ cacheGet: 0, cacheFill: 0, lookup: 0 });
  });

  it("looks an imported 64-hex key up by its HMAC and accepts it when D1 knows it", async () => {
    const legacy = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const hash = await hashKey(legacy, PEPPER);
    const t = counting(new Map(), new Map([[hash, { found: true, record: record() }]]));
    const result = await verifyKey(legacy, { pepper: PEPPER, now: Date.now(), ...t });
    expect(result.ok).toBe(true);
    expect(t.calls.cacheGet).toBe(1);
    expect(t.calls.lookup).toBeGreaterThanOrEqual(1);
  });

  it("answers key_disabled for a disabled record", async () => {
    const key = generateKey();
    const hash = await hashKey(key, PEPPER);
    const t = counting(new Map([[hash, { found: true, record: record({ status: "disabled" }) }]]), new Map());
    expect(await verifyKey(key, { pepper: PEPPER, now: Date.now(), ...t })).toEqual({
      ok: false,
      code: "key_disabled",
    });
  });

  it("goes to D1 on a KV miss, then fills KV after the response", async () => {
    const key = generateKey();
    const hash = await hashKey(key, PEPPER);
    const t = counting(new Map(), new Map([[hash, { found: true, record: record() }]]));
    const result = await verifyKey(key, { pepper: PEPPER, now: Date.now(), ...t });
    expect(result.ok).toBe(true);
    await Promise.all(t.deferred);
    expect(t.calls.cacheFill).toBe(1);
    // The fill re-reads D1 once to make sure no admin change overtook it (REV-3).
    expect(t.calls.lookup).toBe(2);
  });

  it("writes nothing to the cache for a key D1 does not know (AUTH-1: minted keys cost no KV write)", async () => {
    const t = counting(new Map(), new Map());
    const result = await verifyKey(generateKey(), { pepper: PEPPER, now: Date.now(), ...t });
    expect(result).toEqual({ ok: false, code: "invalid_key" });
    await Promise.all(t.deferred);
    expect(t.calls).toEqual({ cacheGet: 1, cacheFill: 0, lookup: 1 });
  });

  it("answers shielded without a D1 read when the client may not look up (over the failed-auth limit)", async () => {
    const t = counting(new Map(), new Map());
    const result = await verifyKey(generateKey(), { pepper: PEPPER, now: Date.now(), ...t, mayLookup: () => false });
    expect(result).toEqual({ ok: false, code: "shielded" });
    expect(t.calls.lookup).toBe(0);
  });

  it("serves a cached key even to a shielded client: the shield is asked only on a cache miss", async () => {
    const key = generateKey();
    const hash = await hashKey(key, PEPPER);
    const t = counting(new Map([[hash, { found: true, record: record() }]]), new Map());
    const result = await verifyKey(key, { pepper: PEPPER, now: Date.now(), ...t, mayLookup: () => false });
    expect(result.ok).toBe(true);
  });

  it("repairs its own fill when the row changed in D1 while the fill was under way", async () => {
    const key = generateKey();
    const hash = await hashKey(key, PEPPER);
    const d1 = new Map<string, CacheEntry>([[hash, { found: true, record: record({ version: 1 }) }]]);
    const entries = new Map<string, CacheEntry>();
    const t = counting(entries, d1);
    const racingCache: KeyCache = {
      ...t.cache,
      async fill(h, entry) {
        // A revocation commits to D1 (and writes its own KV entry) just before this fill lands.
        d1.set(h, { found: true, record: record({ version: 2, status: "revoked" }) });
        entries.set(h, entry);
      },
    };
    await verifyKey(key, { ...t, cache: racingCache, pepper: PEPPER, now: Date.now() });
    await Promise.all(t.deferred);
    const final = entries.get(hash);
    expect(final?.found && final.record.status).toBe("revoked");
  });

  it("answers from KV on a hit without touching D1", async () => {
    const key = generateKey();
    const hash = await hashKey(key, PEPPER);
    const t = counting(new Map([[hash, { found: true, record: record() }]]), new Map());
    expect((await verifyKey(key, { pepper: PEPPER, now: Date.now(), ...t })).ok).toBe(true);
    expect(t.calls.lookup).toBe(0);
  });

  it("evaluates expiry from the record on every request, to the millisecond", async () => {
    const key = generateKey();
    const hash = await hashKey(key, PEPPER);
    const expiresAt = 1_800_000_000_000;
    const t = counting(new Map([[hash, { found: true, record: record({ expiresAt }) }]]), new Map());
    expect((await verifyKey(key, { pepper: PEPPER, now: expiresAt - 1, ...t })).ok).toBe(true);
    expect(await verifyKey(key, { pepper: PEPPER, now: expiresAt, ...t })).toEqual({ ok: false, code: "key_expired" });
  });

  it("accepts a previous key only until its grace ends", async () => {
    const key = generateKey();
    const hash = await hashKey(key, PEPPER);
    const graceEnd = 1_800_000_000_000;
    const entry: CacheEntry = {
      found: true,
      record: record({ role: "previous", previousKeyExpiresAt: graceEnd, expiresAt: graceEnd + 86_400_000 }),
    };
    const t = counting(new Map([[hash, entry]]), new Map());
    expect((await verifyKey(key, { pepper: PEPPER, now: graceEnd - 1000, ...t })).ok).toBe(true);
    expect(await verifyKey(key, { pepper: PEPPER, now: graceEnd + 1000, ...t })).toEqual({
      ok: false,
      code: "key_expired",
    });
  });

  it("keeps working rows created before expiry existed (expires_at null)", async () => {
    const key = generateKey();
    const hash = await hashKey(key, PEPPER);
    const t = counting(new Map([[hash, { found: true, record: record({ expiresAt: null }) }]]), new Map());
    expect((await verifyKey(key, { pepper: PEPPER, now: Date.now(), ...t })).ok).toBe(true);
  });

  it("answers unavailable when D1 is down and KV holds nothing", async () => {
    const t = counting(new Map(), new Map());
    const result = await verifyKey(generateKey(), {
      ...t,
      pepper: PEPPER,
      now: Date.now(),
      lookup: async () => {
        throw new Error("D1_ERROR: Network connection lost.");
      },
    });
    expect(result).toEqual({ ok: false, code: "unavailable" });
  });

  it("falls back to D1 when KV throws on read", async () => {
    const key = generateKey();
    const hash = await hashKey(key, PEPPER);
    const brokenKv = {
      get: async () => {
        throw new Error("KV GET failed: 500");
      },
      put: async () => {
        throw new Error("KV PUT failed: 500");
      },
    } as unknown as KVNamespace;
    const logs: string[] = [];
    const log = createLogger();
    const t = counting(new Map(), new Map([[hash, { found: true, record: record() }]]));
    const result = await verifyKey(key, {
      ...t,
      cache: kvKeyCache(brokenKv, { ...log, warn: (e) => logs.push(e) }),
      pepper: PEPPER,
      now: Date.now(),
    });
    expect(result.ok).toBe(true);
    expect(t.calls.lookup).toBe(1);
    await Promise.all(t.deferred);
    expect(logs).toContain("key_cache_read_failed");
  });
});

describe("kvKeyCache.fill", () => {
  it("never overwrites a newer entry (a revocation) with an older lookup", async () => {
    const { env } = await import("cloudflare:workers");
    const cache = kvKeyCache(env.KEY_CACHE, createLogger());
    const hash = `unit-${crypto.randomUUID()}`;
    await cache.replace(hash, { found: true, record: record({ status: "revoked", version: 3 }) });
    await cache.fill(hash, { found: true, record: record({ status: "active", version: 2 }) });
    const stored = await cache.get(hash);
    expect(stored?.found && stored.record.status).toBe("revoked");
  });
});
