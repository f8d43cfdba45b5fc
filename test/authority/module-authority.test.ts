import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  MAX_REMEMBERED_REQUESTS,
  MAX_TRACKED_VISITORS,
  ModuleAuthority,
  type ObjectCheckInput,
} from "../../src/authority/module-authority";
import { hashKey } from "../../src/keys/hash";
import type { KeyRecord } from "../../src/keys/key-record";
import { provision } from "../helpers/api";
import { limiterStub } from "../helpers/rate-limit";

/** The record key-auth would carry for a freshly provisioned key, straight from KV. */
async function checkInput(secret: string, overrides: Partial<ObjectCheckInput> = {}): Promise<ObjectCheckInput> {
  const keyHash = await hashKey(secret, env.KEY_HASH_SECRET);
  const entry = await env.KEY_CACHE.get<{ record: KeyRecord }>(`key:${keyHash}`, "json");
  if (!entry) throw new Error("expected the provisioned key in KV");
  return {
    keyHash,
    record: entry.record,
    clientIp: "192.0.2.1",
    requestId: crypto.randomUUID(),
    defaultLimit: 1000,
    ...overrides,
  };
}

describe("ModuleAuthority object", () => {
  it("counts a retried call with the same request id once and answers it with the first decision (RL-5)", async () => {
    const p = await provision({ rate_limit_per_hour: 10 });
    const input = await checkInput(p.secret_key);
    const stub = limiterStub(p.module_id);
    const first = await stub.check(input);
    const retried = await limiterStub(p.module_id).check(input);
    expect(retried).toEqual(first);
    expect(await stub.usage(10)).toMatchObject({ used: 1, remaining: 9 });
    await stub.check({ ...input, requestId: crypto.randomUUID() });
    expect(await stub.usage(10)).toMatchObject({ used: 2 });
  });

  it("answers a retried request id from storage after the object restarts, counting it once (RL-5)", async () => {
    const p = await provision({ rate_limit_per_hour: 10 });
    const input = await checkInput(p.secret_key);
    const stub = limiterStub(p.module_id);
    const first = await stub.check(input);
    // A new instance over the same storage is what the object looks like after eviction.
    const retried = await runInDurableObject(stub, (_o: ModuleAuthority, state) =>
      new ModuleAuthority(state, env).check(input),
    );
    expect(retried).toEqual(first);
    expect(await stub.usage(10)).toMatchObject({ used: 1 });
  });

  it("remembers at least the last MAX_REMEMBERED_REQUESTS ids and forgets older ones in batches", async () => {
    const p = await provision({ rate_limit_per_hour: 100_000 });
    const input = await checkInput(p.secret_key);
    const stub = limiterStub(p.module_id);
    const ids = Array.from({ length: MAX_REMEMBERED_REQUESTS + 150 }, () => crypto.randomUUID());
    for (const requestId of ids) await stub.check({ ...input, requestId });
    const stored = await runInDurableObject(stub, (_o: ModuleAuthority, state) => {
      return state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM seen_requests").one().n;
    });
    expect(stored).toBeGreaterThanOrEqual(MAX_REMEMBERED_REQUESTS);
    expect(stored).toBeLessThan(MAX_REMEMBERED_REQUESTS + 100);
    const oldestKept = ids[ids.length - MAX_REMEMBERED_REQUESTS] as string;
    await stub.check({ ...input, requestId: oldestKept });
    await runInDurableObject(stub, (_o: ModuleAuthority, state) =>
      new ModuleAuthority(state, env).check({ ...input, requestId: oldestKept }),
    );
    expect(await stub.usage(100_000)).toMatchObject({ used: ids.length });
  });

  it("deletes buckets that left the window and does not count them", async () => {
    const p = await provision({ rate_limit_per_hour: 10 });
    const input = await checkInput(p.secret_key);
    const stub = limiterStub(p.module_id);
    // A bucket two hours old, stored before the object reads the scope (it is the table's only
    // writer and reads a scope's buckets once per start, then holds them in memory).
    const twoHoursAgo = Math.floor(Date.now() / 1000) - 7200;
    await runInDurableObject(stub, (_o: ModuleAuthority, state) => {
      state.storage.sql.exec("INSERT INTO hits (scope, sec, n) VALUES ('key', ?, 50)", twoHoursAgo);
    });
    await stub.check(input);
    const decision = await stub.check({ ...input, requestId: crypto.randomUUID() });
    expect(decision).toMatchObject({ kind: "rate", allowed: true, remaining: 8 });
    const stale = await runInDurableObject(stub, (_o: ModuleAuthority, state) => {
      return state.storage.sql
        .exec<{ n: number }>("SELECT COUNT(*) AS n FROM hits WHERE sec < ?", twoHoursAgo + 1)
        .one().n;
    });
    expect(stale).toBe(0);
  });

  it("keeps the highest pushed version, so a late push of an older state changes nothing", async () => {
    const p = await provision();
    const stub = limiterStub(p.module_id);
    const input = await checkInput(p.secret_key);
    const { role: _role, ...key } = input.record;
    const state = { ...key, currentKeyHash: input.keyHash, previousKeyHash: null };
    await stub.sync({ deleted: false, key: { ...state, version: 5, status: "revoked" } });
    await stub.sync({ deleted: false, key: { ...state, version: 4, status: "active" } });
    expect(await stub.check(input)).toEqual({ kind: "key", code: "key_revoked" });
  });

  it("forgets the least recently seen visitors beyond its bound and keeps the rest", async () => {
    const p = await provision({ rate_limit_per_hour: 100_000, rate_limit_per_visitor_per_hour: 5 });
    const input = await checkInput(p.secret_key);
    const stub = limiterStub(p.module_id);
    for (let i = 0; i < MAX_TRACKED_VISITORS + 20; i++) {
      await stub.check({ ...input, clientIp: `10.${i >> 8}.${i & 255}.1`, requestId: crypto.randomUUID() });
    }
    const tracked = await runInDurableObject(stub, (_instance: ModuleAuthority, state) => {
      const visitors = state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM visitors").one().n;
      const scopes = state.storage.sql
        .exec<{ n: number }>("SELECT COUNT(DISTINCT scope) AS n FROM hits WHERE scope LIKE 'ip:%'")
        .one().n;
      return { visitors, scopes };
    });
    expect(tracked).toEqual({ visitors: MAX_TRACKED_VISITORS, scopes: MAX_TRACKED_VISITORS });
  });
});
