import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hashKey } from "../../src/keys/hash";
import { isolateRecords } from "../../src/keys/isolate-cache";
import type { CacheEntry } from "../../src/keys/key-record";
import { admin, ai, expectError, provision } from "../helpers/api";

const ROUNDS = 100;

describe("a cache fill racing a revocation (REV-3)", () => {
  it(`never lets a request after revoke() returns through, and never leaves KV saying "active" (${ROUNDS} rounds)`, async () => {
    let staleCacheEntries = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const p = await provision();
      const cacheKey = `key:${await hashKey(p.secret_key, env.KEY_HASH_SECRET)}`;
      await env.KEY_CACHE.delete(cacheKey); // a cold location: the next request fills KV from D1
      isolateRecords.clear(); // and a cold isolate, which would otherwise answer from its memo
      const racing = ai("/api/v1/models", p.secret_key).then((r) => r.body?.cancel());
      const revoked = await admin(`/api/v1/modules/${p.module_id}/revoke`, { method: "POST" });
      expect(revoked.status).toBe(200);
      await revoked.body?.cancel();
      await expectError(await ai("/api/v1/models", p.secret_key), 403, "key_revoked");
      await racing;
      await new Promise((r) => setTimeout(r, 5)); // let the racing request's waitUntil fill land
      const entry = await env.KEY_CACHE.get<CacheEntry>(cacheKey, "json");
      if (entry?.found && entry.record.status === "active") staleCacheEntries++;
    }
    expect(staleCacheEntries).toBe(0);
  });
});
