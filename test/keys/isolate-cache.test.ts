import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hashKey } from "../../src/keys/hash";
import {
  ISOLATE_RECORD_MAX,
  ISOLATE_RECORD_TTL_MS,
  isolateKeyCache,
  isolateRecords,
  RecordMemo,
} from "../../src/keys/isolate-cache";
import type { KeyCache } from "../../src/keys/key-cache";
import type { CacheEntry, KeyRecord } from "../../src/keys/key-record";
import { admin, ai, expectError, expectStatus, provision } from "../helpers/api";
import { keyRecord } from "../helpers/key-record";

const found = (version: number, overrides: Partial<KeyRecord> = {}): CacheEntry => ({
  found: true,
  record: keyRecord({ version, ...overrides }),
});

/** A KeyCache over a Map that counts reads, standing in for KV. */
function countingKv(entries = new Map<string, CacheEntry>()) {
  const calls = { get: 0 };
  const cache: KeyCache = {
    async get(hash) {
      calls.get++;
      return entries.get(hash) ?? null;
    },
    async fill(hash, entry) {
      entries.set(hash, entry);
    },
    async replace(hash, entry) {
      entries.set(hash, entry);
    },
  };
  return { cache, calls, entries };
}

describe("the key record memo in the isolate", () => {
  it("serves a record for its TTL and asks KV again once the TTL has passed", async () => {
    let now = 1_000_000;
    const memo = new RecordMemo(ISOLATE_RECORD_TTL_MS, 10, () => now);
    const kv = countingKv(new Map([["h", found(1)]]));
    const cache = isolateKeyCache(kv.cache, memo);
    await cache.get("h");
    now += ISOLATE_RECORD_TTL_MS - 1;
    await cache.get("h");
    expect(kv.calls.get).toBe(1);
    now += 1;
    await cache.get("h");
    expect(kv.calls.get).toBe(2);
  });

  it("holds at most its bound, dropping the least recently used record first", () => {
    const memo = new RecordMemo(ISOLATE_RECORD_TTL_MS, 3);
    for (const h of ["a", "b", "c"]) memo.put(h, found(1));
    expect(memo.get("a")).not.toBeNull(); // a is now the most recently used
    memo.put("d", found(1));
    expect(memo.size).toBe(3);
    expect(memo.get("b")).toBeNull();
    for (const h of ["a", "c", "d"]) expect(memo.get(h)).not.toBeNull();
  });

  it("is bounded in the shared isolate memo too", () => {
    const memo = new RecordMemo();
    for (let i = 0; i < ISOLATE_RECORD_MAX + 50; i++) memo.put(`h${i}`, found(1));
    expect(memo.size).toBe(ISOLATE_RECORD_MAX);
  });

  it("keeps an admin write's newer version over a late cache fill of an older one", async () => {
    const memo = new RecordMemo();
    const cache = isolateKeyCache(countingKv().cache, memo);
    await cache.replace("h", found(2, { status: "revoked" }));
    await cache.fill("h", found(1));
    const held = memo.get("h");
    expect(held?.found && held.record.status).toBe("revoked");
  });

  it("never memoises a 'no such key' read, so a key created a moment later works at once", async () => {
    const memo = new RecordMemo();
    const kv = countingKv();
    const cache = isolateKeyCache(kv.cache, memo);
    expect(await cache.get("h")).toBeNull();
    kv.entries.set("h", found(1));
    expect((await cache.get("h"))?.found).toBe(true);
  });
});

describe("a warm key on the gateway", () => {
  async function hashOf(secret: string) {
    return hashKey(secret, env.KEY_HASH_SECRET);
  }

  it("reads KV once, then answers from the isolate while the record is fresh", async () => {
    const p = await provision();
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
    // Were KV read again, this request would find no entry, go to D1 and fill KV back.
    const name = `key:${await hashOf(p.secret_key)}`;
    await env.KEY_CACHE.delete(name);
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
    await new Promise((r) => setTimeout(r, 20)); // any cache fill would have landed by now
    expect(await env.KEY_CACHE.get(name)).toBeNull();
  });

  it("refuses a revoked key at once although the isolate still holds its active record", async () => {
    const p = await provision();
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
    const hash = await hashOf(p.secret_key);
    const active = isolateRecords.get(hash);
    expect(active?.found && active.record.status).toBe("active");
    await expectStatus(await admin(`/api/v1/modules/${p.module_id}/revoke`, { method: "POST" }), 200);
    // Another isolate read the record just before the revocation: it still says active.
    isolateRecords.clear();
    isolateRecords.put(hash, active as CacheEntry);
    await expectError(await ai("/api/v1/models", p.secret_key), 403, "key_revoked");
  });

  it("applies a policy change to the isolate that served the admin write at once", async () => {
    const p = await provision({ allowed_models: ["openai/gpt-4o"] });
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
    await expectStatus(
      await admin(`/api/v1/modules/${p.module_id}`, {
        method: "PATCH",
        body: { allowed_models: ["openai/gpt-4o-mini"] },
      }),
      200,
    );
    const held = isolateRecords.get(await hashOf(p.secret_key));
    expect(held?.found && held.record.allowedModels).toEqual(["openai/gpt-4o-mini"]);
  });
});
