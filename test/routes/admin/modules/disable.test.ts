import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hashKey } from "../../../../src/keys/hash";
import { admin, ai, call, expectError, expectStatus, provision } from "../../../helpers/api";
import { burst } from "../../../helpers/rate-limit";

type ModuleJson = { module_id: string; status: string; disabled_at: string | null; updated_at: string };

const post = (path: string) => admin(path, { method: "POST" });

describe("POST /api/v1/modules/{id}/disable and /enable", () => {
  it("disables a key (403 key_disabled from the next request) and enables it again", async () => {
    const p = await provision();
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
    const disabled = await expectStatus<ModuleJson>(await post(`/api/v1/modules/${p.module_id}/disable`), 200);
    expect(disabled.status).toBe("disabled");
    expect(Date.parse(disabled.disabled_at as string)).toBeGreaterThan(Date.now() - 10_000);
    const message = await expectError(await ai("/api/v1/models", p.secret_key), 403, "key_disabled");
    expect(message).toContain("disabled");
    const enabled = await expectStatus<ModuleJson>(await post(`/api/v1/modules/${p.module_id}/enable`), 200);
    expect(enabled).toMatchObject({ status: "active", disabled_at: null });
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
  });

  it("refuses a disabled key although another location's KV copy still says active (pushed to the object)", async () => {
    const p = await provision();
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
    const name = `key:${await hashKey(p.secret_key, env.KEY_HASH_SECRET)}`;
    const stale = await env.KEY_CACHE.get(name);
    expect(stale).toContain('"status":"active"');
    await expectStatus(await post(`/api/v1/modules/${p.module_id}/disable`), 200);
    await env.KEY_CACHE.put(name, stale as string);
    for (const res of await burst(p.secret_key, 10)) await expectError(res, 403, "key_disabled");
    await expectStatus(await post(`/api/v1/modules/${p.module_id}/enable`), 200);
    await env.KEY_CACHE.put(name, stale as string);
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
  });

  it("refuses a disabled key on chat completions and streams too, and shows the status in GET", async () => {
    const p = await provision();
    await expectStatus(await post(`/api/v1/modules/${p.module_id}/disable`), 200);
    for (const stream of [false, true]) {
      const res = await ai("/api/v1/chat/completions", p.secret_key, {
        method: "POST",
        body: { model: "mock/echo", stream, messages: [{ role: "user", content: "hi" }] },
      });
      await expectError(res, 403, "key_disabled");
    }
    const got = await expectStatus<ModuleJson>(await admin(`/api/v1/modules/${p.module_id}`), 200);
    expect(got.status).toBe("disabled");
  });

  it("is idempotent: disabling twice keeps the first disabled_at", async () => {
    const p = await provision();
    const first = await expectStatus<ModuleJson>(await post(`/api/v1/modules/${p.module_id}/disable`), 200);
    const second = await expectStatus<ModuleJson>(await post(`/api/v1/modules/${p.module_id}/disable`), 200);
    expect(second.disabled_at).toBe(first.disabled_at);
    expect(second.updated_at).toBe(first.updated_at);
  });

  it("refuses to disable or enable a revoked module: revocation is final", async () => {
    const p = await provision();
    await expectStatus(await post(`/api/v1/modules/${p.module_id}/revoke`), 200);
    for (const action of ["disable", "enable"]) {
      const message = await expectError(await post(`/api/v1/modules/${p.module_id}/${action}`), 400, "invalid_request");
      expect(message).toContain("revoked");
    }
    await expectError(await ai("/api/v1/models", p.secret_key), 403, "key_revoked");
  });

  it("keeps a key rotated while disabled disabled, and revoke still ends a disabled key", async () => {
    const p = await provision();
    await expectStatus(await post(`/api/v1/modules/${p.module_id}/disable`), 200);
    const rotated = await expectStatus<{ secret_key: string }>(
      await post(`/api/v1/modules/${p.module_id}/rotate`),
      200,
    );
    await expectError(await ai("/api/v1/models", rotated.secret_key), 403, "key_disabled");
    await expectStatus(await post(`/api/v1/modules/${p.module_id}/revoke`), 200);
    await expectError(await ai("/api/v1/models", rotated.secret_key), 403, "key_revoked");
  });

  it("answers 404 for an unknown module and 401 without the admin key", async () => {
    await expectError(await post("/api/v1/modules/mod_nosuch/disable"), 404, "not_found");
    await expectError(await post("/api/v1/modules/mod_nosuch/enable"), 404, "not_found");
    await expectError(await call("/api/v1/modules/mod_nosuch/disable", { method: "POST" }), 401, "missing_key");
  });
});
