import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { durableObjectKeyStateSink } from "../../src/authority/key-state-sink";
import { database } from "../../src/db/client";
import { insertModule } from "../../src/db/modules";
import { generateKey } from "../../src/keys/format";
import { hashKey } from "../../src/keys/hash";
import { kvKeyCache } from "../../src/keys/key-cache";
import { publishModule } from "../../src/keys/publish";
import { createLogger } from "../../src/lib/logger";
import { admin, ai, call, expectError, expectStatus, mistype, provision, waitUntilPast } from "../helpers/api";

const MODELS = "/api/v1/models";

async function kvEntry(secret: string) {
  return env.KEY_CACHE.get(`key:${await hashKey(secret, env.KEY_HASH_SECRET)}`, "json");
}

describe("key authentication on AI routes", () => {
  it("accepts the key in X-API-Key and in Authorization: Bearer", async () => {
    const { secret_key } = await provision();
    await expectStatus(await ai(MODELS, secret_key), 200);
    await expectStatus(await call(MODELS, { headers: { authorization: `Bearer ${secret_key}` } }), 200);
  });

  it("answers 401 missing_key without a key", async () => {
    await expectError(await call(MODELS), 401, "missing_key");
    await expectError(await call(MODELS, { headers: { authorization: "Basic abc" } }), 401, "missing_key");
  });

  it("answers 401 invalid_key for a malformed, a mistyped and a well-formed unknown key", async () => {
    const { secret_key } = await provision();
    await expectError(await ai(MODELS, "not-a-key"), 401, "invalid_key");
    await expectError(await ai(MODELS, mistype(secret_key)), 401, "invalid_key");
    await expectError(await ai(MODELS, generateKey()), 401, "invalid_key");
  });

  it("refuses a key in the query string with 400 and never uses it", async () => {
    const { secret_key } = await provision();
    const message = await expectError(await call(`${MODELS}?key=${secret_key}`), 400, "invalid_request");
    expect(message).not.toContain(secret_key);
    await expectError(
      await call(`${MODELS}?api_key=${secret_key}`, { headers: { "x-api-key": secret_key } }),
      400,
      "invalid_request",
    );
  });

  it("lets a key that expires one second from now work, then fails it once the clock passes", async () => {
    const p = await provision();
    const expiresAt = new Date(Date.now() + 1500);
    await expectStatus(
      await admin(`/api/v1/modules/${p.module_id}`, { method: "PATCH", body: { expires_at: expiresAt.toISOString() } }),
      200,
    );
    await expectStatus(await ai(MODELS, p.secret_key), 200);
    expect(await kvEntry(p.secret_key)).not.toBeNull(); // the cache is warm
    await waitUntilPast(expiresAt.getTime());
    await expectError(await ai(MODELS, p.secret_key), 403, "key_expired");
  });

  it("rejects a revoked key on the very next request although its KV entry was warm", async () => {
    const p = await provision();
    await expectStatus(await ai(MODELS, p.secret_key), 200);
    const revoked = await expectStatus(await admin(`/api/v1/modules/${p.module_id}/revoke`, { method: "POST" }), 200);
    expect(revoked.status).toBe("revoked");
    await expectError(await ai(MODELS, p.secret_key), 403, "key_revoked");
  });

  it("writes a tombstone, not a delete, when a module is deleted, so the key is invalid at once", async () => {
    const p = await provision();
    await expectStatus(await ai(MODELS, p.secret_key), 200);
    const res = await admin(`/api/v1/modules/${p.module_id}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await kvEntry(p.secret_key)).toMatchObject({ found: false });
    await expectError(await ai(MODELS, p.secret_key), 401, "invalid_key");
  });

  it("keeps the old key working inside the rotation grace, then answers key_expired; the new key works at once", async () => {
    const p = await provision();
    const rotated = await expectStatus<{ secret_key: string; previous_key_expires_at: string }>(
      await admin(`/api/v1/modules/${p.module_id}/rotate`, { method: "POST", body: { grace_seconds: 2 } }),
      200,
    );
    expect(rotated.secret_key).not.toBe(p.secret_key);
    await expectStatus(await ai(MODELS, rotated.secret_key), 200);
    await expectStatus(await ai(MODELS, p.secret_key), 200);
    await waitUntilPast(Date.parse(rotated.previous_key_expires_at));
    await expectError(await ai(MODELS, p.secret_key), 403, "key_expired");
    await expectStatus(await ai(MODELS, rotated.secret_key), 200);
  });

  it("stops the old key at once when rotated without grace", async () => {
    const p = await provision();
    await expectStatus(await ai(MODELS, p.secret_key), 200);
    const rotated = await expectStatus<{ secret_key: string }>(
      await admin(`/api/v1/modules/${p.module_id}/rotate`, { method: "POST" }),
      200,
    );
    await expectError(await ai(MODELS, p.secret_key), 403, "key_expired");
    await expectStatus(await ai(MODELS, rotated.secret_key), 200);
  });

  it("drops a key still in grace from an earlier rotation when the module is rotated again", async () => {
    const p = await provision();
    const first = await expectStatus<{ secret_key: string }>(
      await admin(`/api/v1/modules/${p.module_id}/rotate`, { method: "POST", body: { grace_seconds: 600 } }),
      200,
    );
    await expectStatus(await ai(MODELS, p.secret_key), 200);
    await expectStatus(
      await admin(`/api/v1/modules/${p.module_id}/rotate`, { method: "POST", body: { grace_seconds: 600 } }),
      200,
    );
    await expectError(await ai(MODELS, p.secret_key), 401, "invalid_key");
    await expectStatus(await ai(MODELS, first.secret_key), 200);
  });

  it("keeps a module stored before expiry existed (expires_at null) working", async () => {
    const secret = generateKey();
    const now = Date.now();
    await insertModule(database(env.DB), {
      id: `mod_legacy${crypto.randomUUID().slice(0, 8)}`,
      name: "legacy",
      keyHash: await hashKey(secret, env.KEY_HASH_SECRET),
      keyLast4: secret.slice(-4),
      expiresAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await expectStatus(await ai(MODELS, secret), 200);
  });

  it("writes nothing to KV for an unknown key, and accepts the key at once once it exists (VAL-1, AUTH-1)", async () => {
    const secret = generateKey();
    await expectError(await ai(MODELS, secret), 401, "invalid_key");
    await new Promise((r) => setTimeout(r, 50)); // any deferred cache fill would have landed
    expect(await kvEntry(secret)).toBeNull();
    const now = Date.now();
    const row = await insertModule(database(env.DB), {
      id: `mod_val1${crypto.randomUUID().slice(0, 8)}`,
      name: "val-1",
      keyHash: await hashKey(secret, env.KEY_HASH_SECRET),
      keyLast4: secret.slice(-4),
      expiresAt: now + 86_400_000,
      createdAt: now,
      updatedAt: now,
    });
    await publishModule(
      { cache: kvKeyCache(env.KEY_CACHE, createLogger()), keyState: durableObjectKeyStateSink(env.MODULE_AUTHORITY) },
      row,
    ); // what provision does
    await expectStatus(await ai(MODELS, secret), 200);
  });

  it("records last_used_at after the response, and at most once per 15 minutes", async () => {
    const p = await provision();
    await expectStatus(await ai(MODELS, p.secret_key), 200);
    const read = async () =>
      (
        await env.DB.prepare("SELECT last_used_at FROM modules WHERE id = ?")
          .bind(p.module_id)
          .first<{ last_used_at: number | null }>()
      )?.last_used_at ?? null;
    let first: number | null = null;
    for (let i = 0; i < 40 && first === null; i++) {
      first = await read();
      if (first === null) await new Promise((r) => setTimeout(r, 25));
    }
    expect(first).not.toBeNull();
    await expectStatus(await ai(MODELS, p.secret_key), 200);
    await new Promise((r) => setTimeout(r, 100));
    expect(await read()).toBe(first);
  });
});

describe("fuzzed keys", () => {
  it("answers every mutated or invented key with 401, never a 500 (KEY-2)", async () => {
    const { secret_key } = await provision();
    const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-!é ";
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const at = Math.floor(Math.random() * secret_key.length);
      const ch = chars[Math.floor(Math.random() * chars.length)] as string;
      const mutated = i % 3 === 0 ? secret_key.slice(0, at) : secret_key.slice(0, at) + ch + secret_key.slice(at + 1);
      if (mutated === secret_key || mutated.trim() === "") continue;
      const res = await ai(MODELS, mutated);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      await res.body?.cancel();
    }
    expect([...statuses.keys()]).toEqual([401]);
  });
});
