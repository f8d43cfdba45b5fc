import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hashKey } from "../../src/keys/hash";
import { isolateRecords } from "../../src/keys/isolate-cache";
import { kvKeyCache } from "../../src/keys/key-cache";
import { CACHE_ENTRY_FORMAT, parseCacheEntry, serialiseEntry } from "../../src/keys/key-record";
import { createLogger } from "../../src/lib/logger";
import { admin, ai, expectError, expectStatus, provision } from "../helpers/api";
import { keyRecord } from "../helpers/key-record";

/** A found entry exactly as the gateway wrote it to KV before the one key model (no format field). */
function firstFormatEntry(moduleId: string, overrides: Record<string, unknown> = {}) {
  return {
    found: true,
    record: {
      moduleId,
      accountId: null,
      role: "current",
      status: "active",
      expiresAt: Date.now() + 86_400_000,
      previousKeyExpiresAt: null,
      rateLimitPerHour: 2,
      rateLimitPerVisitorPerHour: null,
      maxOutputTokens: 64,
      allowedOrigins: ["https://plugin.example"],
      allowedModels: ["mock/echo"],
      lastUsedAt: null,
      version: 1,
      ...overrides,
    },
  };
}

const fromPlugin = { headers: { origin: "https://plugin.example" } };

describe("KV key records", () => {
  it("are the key state, serialised with a format version, and read back unchanged", () => {
    const entry = {
      found: true as const,
      record: keyRecord({ currentKeyHash: "h1", budget: { period: "day", usd: 5 } }),
    };
    const text = serialiseEntry(entry);
    expect(JSON.parse(text).format).toBe(CACHE_ENTRY_FORMAT);
    expect(parseCacheEntry(JSON.parse(text), "h1")).toEqual(entry);
    expect(parseCacheEntry(JSON.parse(serialiseEntry({ found: false, version: 4 })), "h1")).toEqual({
      found: false,
      version: 4,
    });
  });

  it("reads a first-format record with the fields it predates as a row of its time had them", () => {
    const parsed = parseCacheEntry(firstFormatEntry("mod_old"), "hash_of_key");
    expect(parsed).toEqual({
      found: true,
      record: {
        ...firstFormatEntry("mod_old").record,
        keyFormat: "egw_pub",
        currentKeyHash: "hash_of_key",
        previousKeyHash: null,
        allowPassthrough: false,
        allowedBuiltinTools: [],
        budget: null,
      },
    });
    const previous = parseCacheEntry(firstFormatEntry("mod_old", { role: "previous" }), "old_hash");
    expect(previous).toMatchObject({ record: { currentKeyHash: null, previousKeyHash: "old_hash" } });
    expect(parseCacheEntry({ found: false, version: 3 }, "h")).toEqual({ found: false, version: 3 });
  });

  it("treats an entry of an unknown format or shape as a miss", () => {
    expect(parseCacheEntry({ format: 99, found: false, version: 1 }, "h")).toBeNull();
    expect(parseCacheEntry({ found: true, record: { moduleId: "m", role: "owner", version: 1 } }, "h")).toBeNull();
    expect(parseCacheEntry("text", "h")).toBeNull();
  });

  it("serve requests from a first-format record that KV still holds, judged by it", async () => {
    const p = await provision();
    const hash = await hashKey(p.secret_key, env.KEY_HASH_SECRET);
    await env.KEY_CACHE.put(`key:${hash}`, JSON.stringify(firstFormatEntry(p.module_id)));
    isolateRecords.clear();
    expect(await kvKeyCache(env.KEY_CACHE, createLogger()).get(hash)).toMatchObject({
      found: true,
      record: { moduleId: p.module_id, currentKeyHash: hash, allowedModels: ["mock/echo"] },
    });
    const body = await expectStatus<{ data: Array<{ id: string }> }>(
      await ai("/api/v1/models", p.secret_key, fromPlugin),
      200,
    );
    expect(body.data.map((m) => m.id)).toEqual(["mock/echo"]);

    await env.KEY_CACHE.put(`key:${hash}`, JSON.stringify(firstFormatEntry(p.module_id, { status: "revoked" })));
    isolateRecords.clear();
    await expectError(await ai("/api/v1/models", p.secret_key, fromPlugin), 403, "key_revoked");
    await expectStatus(await admin(`/api/v1/modules/${p.module_id}`), 200);
  });
});
