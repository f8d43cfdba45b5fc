import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hashKey } from "../../src/keys/hash";
import { isolateRecords } from "../../src/keys/isolate-cache";
import { admin, ai, expectError, expectStatus, provision, waitUntilPast } from "../helpers/api";
import { burst, tally } from "../helpers/rate-limit";

/** The KV entry of a key, as another location would still hold it. */
async function kvEntryOf(secret: string): Promise<{ name: string; value: string }> {
  const name = `key:${await hashKey(secret, env.KEY_HASH_SECRET)}`;
  const value = await env.KEY_CACHE.get(name);
  if (value === null) throw new Error("expected a warm KV entry");
  return { name, value };
}

/**
 * Puts a stale KV copy back, as a location that has not seen the change yet would serve it, and
 * the same stale record into this isolate's memo, as an isolate that read it a moment ago holds it.
 */
async function restoreStale(entry: { name: string; value: string }): Promise<void> {
  await env.KEY_CACHE.put(entry.name, entry.value);
  isolateRecords.clear();
  isolateRecords.put(entry.name.slice("key:".length), JSON.parse(entry.value));
}

describe("admin changes pushed to the module's Durable Object", () => {
  it("rejects a revoked key on the next request although another location's KV copy still says active", async () => {
    const p = await provision();
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
    const stale = await kvEntryOf(p.secret_key);
    await expectStatus(await admin(`/api/v1/modules/${p.module_id}/revoke`, { method: "POST" }), 200);
    await restoreStale(stale);
    const responses = await burst(p.secret_key, 20);
    for (const res of responses) await expectError(res, 403, "key_revoked");
  });

  it("applies a lowered limit to the next request", async () => {
    const p = await provision({ rate_limit_per_hour: 10 });
    expect(await tally(await burst(p.secret_key, 4))).toEqual({ 200: 4 });
    const stale = await kvEntryOf(p.secret_key);
    const patched = await admin(`/api/v1/modules/${p.module_id}`, {
      method: "PATCH",
      body: { rate_limit_per_hour: 4 },
    });
    await expectStatus(patched, 200);
    await restoreStale(stale);
    const res = await ai("/api/v1/models", p.secret_key);
    await expectError(res.clone(), 429, "rate_limited");
    expect(res.headers.get("x-ratelimit-limit")).toBe("4");
  });

  it("applies a raised limit to the next request", async () => {
    const p = await provision({ rate_limit_per_hour: 2 });
    expect(await tally(await burst(p.secret_key, 3))).toEqual({ 200: 2, 429: 1 });
    await expectStatus(
      await admin(`/api/v1/modules/${p.module_id}`, { method: "PATCH", body: { rate_limit_per_hour: 5 } }),
      200,
    );
    expect(await tally(await burst(p.secret_key, 5))).toEqual({ 200: 3, 429: 2 });
  });

  it("ends a key at its patched expires_at although another location's KV copy has the old expiry", async () => {
    const p = await provision();
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
    const stale = await kvEntryOf(p.secret_key);
    const expiresAt = Date.now() + 1500;
    const res = await admin(`/api/v1/modules/${p.module_id}`, {
      method: "PATCH",
      body: { expires_at: new Date(expiresAt).toISOString() },
    });
    await expectStatus(res, 200);
    await restoreStale(stale);
    await waitUntilPast(expiresAt);
    await restoreStale(stale);
    await expectError(await ai("/api/v1/models", p.secret_key), 403, "key_expired");
  });

  it("ends the old key of a rotation without grace although another location's KV copy says current", async () => {
    const p = await provision();
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
    const stale = await kvEntryOf(p.secret_key);
    const rotated = await expectStatus<{ secret_key: string }>(
      await admin(`/api/v1/modules/${p.module_id}/rotate`, { method: "POST", body: { grace_seconds: 0 } }),
      200,
    );
    await restoreStale(stale);
    await expectError(await ai("/api/v1/models", p.secret_key), 403, "key_expired");
    await expectStatus(await ai("/api/v1/models", rotated.secret_key), 200);
  });

  it("keeps the old key working during its rotation grace, on the same budget as the new key", async () => {
    const p = await provision({ rate_limit_per_hour: 4 });
    const rotated = await expectStatus<{ secret_key: string }>(
      await admin(`/api/v1/modules/${p.module_id}/rotate`, { method: "POST", body: { grace_seconds: 600 } }),
      200,
    );
    expect(await tally(await burst(p.secret_key, 2))).toEqual({ 200: 2 });
    expect(await tally(await burst(rotated.secret_key, 3))).toEqual({ 200: 2, 429: 1 });
  });

  it("rejects a deleted module's key although another location's KV copy still holds it", async () => {
    const p = await provision();
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
    const stale = await kvEntryOf(p.secret_key);
    const res = await admin(`/api/v1/modules/${p.module_id}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    await restoreStale(stale);
    await expectError(await ai("/api/v1/models", p.secret_key), 401, "invalid_key");
  });
});
