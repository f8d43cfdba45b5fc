import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { configOf } from "../../../src/config";
import { hashKey } from "../../../src/keys/hash";
import { admin, ai, call, expectError, expectStatus, mistype, type Provisioned, provision } from "../../helpers/api";

const PROVISION = "/api/v1/modules/provision";
const DAY = 86_400_000;

describe("POST /api/v1/modules/provision", () => {
  it("returns 201 with the key once and every Module field, expiring in 365 days by default", async () => {
    const before = Date.now();
    const res = await admin(PROVISION, { method: "POST", body: { name: "Recipe helper" } });
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await expectStatus<Provisioned>(res, 201);
    expect(body.secret_key).toMatch(/^egw_pub_[0-9A-Za-z]{49}$/);
    expect(body).toMatchObject({
      name: "Recipe helper",
      account_id: null,
      status: "active",
      rate_limit_per_hour: null,
      rate_limit_per_visitor_per_hour: null,
      max_output_tokens: null,
      allowed_origins: [],
      allowed_models: [],
      last_used_at: null,
      key_last4: body.secret_key.slice(-4),
    });
    expect(body.module_id).toMatch(/^mod_/);
    const expiresAt = Date.parse(body.expires_at as string);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 365 * DAY);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 365 * DAY);
  });

  it("stores the given expiry, limits and policy", async () => {
    const body = await provision({
      expires_in_days: 30,
      rate_limit_per_hour: 100,
      rate_limit_per_visitor_per_hour: 10,
      max_output_tokens: 256,
      allowed_origins: ["https://App.Example.com", "https://*.example.org"],
      allowed_models: ["openai/gpt-4o-mini"],
    });
    expect(Date.parse(body.expires_at as string) - Date.now()).toBeGreaterThan(29.9 * DAY);
    expect(Date.parse(body.expires_at as string) - Date.now()).toBeLessThanOrEqual(30 * DAY);
    expect(body).toMatchObject({
      rate_limit_per_hour: 100,
      rate_limit_per_visitor_per_hour: 10,
      max_output_tokens: 256,
      allowed_origins: ["https://app.example.com", "https://*.example.org"],
      allowed_models: ["openai/gpt-4o-mini"],
    });
  });

  const badBodies: Array<[string, unknown, string]> = [
    ["a missing name", {}, "name"],
    ["an empty name", { name: "" }, "name"],
    ["a blank name", { name: "   " }, "name"],
    ["a 256-character name", { name: "n".repeat(256) }, "name"],
    ["expires_in_days 0", { name: "x", expires_in_days: 0 }, "expires_in_days"],
    ["a negative expires_in_days", { name: "x", expires_in_days: -5 }, "expires_in_days"],
    ["a fractional expires_in_days", { name: "x", expires_in_days: 1.5 }, "expires_in_days"],
    ["expires_in_days 366", { name: "x", expires_in_days: 366 }, "expires_in_days"],
    ["expires_in_days null", { name: "x", expires_in_days: null }, "expires_in_days"],
    ["expires_in_days as a string", { name: "x", expires_in_days: "30" }, "expires_in_days"],
    ["rate_limit_per_hour 0", { name: "x", rate_limit_per_hour: 0 }, "rate_limit_per_hour"],
    ["max_output_tokens 0", { name: "x", max_output_tokens: 0 }, "max_output_tokens"],
    ["an origin with a path", { name: "x", allowed_origins: ["https://a.example.com/app"] }, "allowed_origins.0"],
    ["a bare wildcard origin", { name: "x", allowed_origins: ["https://*.com"] }, "allowed_origins.0"],
    ["a model without a provider", { name: "x", allowed_models: ["gpt-4o"] }, "allowed_models.0"],
    ["an unknown field", { name: "x", api_base: "http://evil.example" }, "api_base"],
    ["a JSON array", ["name"], "body"],
  ];
  for (const [what, body, field] of badBodies) {
    it(`answers 400 invalid_request naming the field for ${what}`, async () => {
      const message = await expectError(await admin(PROVISION, { method: "POST", body }), 400, "invalid_request");
      expect(message).toContain(field);
    });
  }

  it("answers 400 invalid_request for a body that is not JSON", async () => {
    const malformed = await admin(PROVISION, {
      method: "POST",
      rawBody: "{name: nope",
      headers: { "content-type": "application/json" },
    });
    expect(await expectError(malformed, 400, "invalid_request")).toMatch(/JSON/);
    const wrongType = await admin(PROVISION, {
      method: "POST",
      rawBody: "name=x",
      headers: { "content-type": "text/plain" },
    });
    expect(await expectError(wrongType, 400, "invalid_request")).toMatch(/JSON/);
  });

  it("answers 400 naming account_id for an unknown account", async () => {
    const message = await expectError(
      await admin(PROVISION, { method: "POST", body: { name: "x", account_id: "acc_nope" } }),
      400,
      "invalid_request",
    );
    expect(message).toContain("account_id");
  });

  it("answers 413 payload_too_large for a body over MAX_BODY_BYTES", async () => {
    const huge = JSON.stringify({ name: "x".repeat(configOf(env).MAX_BODY_BYTES + 10) });
    await expectError(
      await admin(PROVISION, { method: "POST", rawBody: huge, headers: { "content-type": "application/json" } }),
      413,
      "payload_too_large",
    );
  });

  it("stores only the key's HMAC: the D1 row holds no plaintext key", async () => {
    const p = await provision();
    const row = await env.DB.prepare("SELECT * FROM modules WHERE id = ?").bind(p.module_id).first();
    const dump = JSON.stringify(row);
    expect(dump).not.toContain(p.secret_key);
    expect(dump).not.toContain(p.secret_key.slice(8, 40));
    expect(row?.key_hash).toBe(await hashKey(p.secret_key, env.KEY_HASH_SECRET));
  });
});

describe("admin authentication", () => {
  const routes: Array<[string, string, unknown?]> = [
    ["POST", PROVISION, { name: "x" }],
    ["GET", "/api/v1/modules"],
    ["GET", "/api/v1/modules/mod_x"],
    ["PATCH", "/api/v1/modules/mod_x", { name: "y" }],
    ["POST", "/api/v1/modules/mod_x/revoke"],
    ["POST", "/api/v1/modules/mod_x/rotate"],
    ["DELETE", "/api/v1/modules/mod_x"],
    ["POST", "/api/v1/accounts", { name: "x" }],
    ["GET", "/api/v1/accounts/acc_x"],
    ["PATCH", "/api/v1/accounts/acc_x", { name: "y" }],
  ];
  for (const [method, path, body] of routes) {
    it(`guards ${method} ${path}: no key → 401 missing_key, wrong key or module key → 401 invalid_key`, async () => {
      await expectError(await call(path, { method, body }), 401, "missing_key");
      await expectError(await call(path, { method, body, headers: { "x-api-key": "wrong" } }), 401, "invalid_key");
      const short = env.ADMIN_API_KEY.slice(0, -1);
      await expectError(
        await call(path, { method, body, headers: { authorization: `Bearer ${short}` } }),
        401,
        "invalid_key",
      );
    });
  }

  it("does not accept a module key as the admin key", async () => {
    const p = await provision();
    await expectError(await call("/api/v1/modules", { headers: { "x-api-key": p.secret_key } }), 401, "invalid_key");
  });
});

describe("GET /api/v1/modules and /api/v1/modules/{id}", () => {
  it("pages through every module with next_cursor, newest first", async () => {
    const made = new Set<string>();
    for (let i = 0; i < 5; i++) made.add((await provision()).module_id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { modules: Array<{ module_id: string; created_at: string }>; next_cursor: string | null } =
        await expectStatus(await admin(`/api/v1/modules?limit=2${cursor ? `&cursor=${cursor}` : ""}`), 200);
      expect(page.modules.length).toBeLessThanOrEqual(2);
      seen.push(...page.modules.map((m) => m.module_id));
      cursor = page.next_cursor;
    } while (cursor);
    for (const id of made) expect(seen).toContain(id);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("answers 400 for a limit outside 1..100 and for a cursor it did not issue", async () => {
    expect(await expectError(await admin("/api/v1/modules?limit=0"), 400, "invalid_request")).toContain("limit");
    expect(await expectError(await admin("/api/v1/modules?limit=101"), 400, "invalid_request")).toContain("limit");
    expect(await expectError(await admin("/api/v1/modules?cursor=zzz"), 400, "invalid_request")).toContain("cursor");
  });

  it("never returns a key or a hash in a list or a get", async () => {
    const p = await provision();
    const hash = await hashKey(p.secret_key, env.KEY_HASH_SECRET);
    for (const res of [await admin("/api/v1/modules?limit=100"), await admin(`/api/v1/modules/${p.module_id}`)]) {
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).not.toContain(p.secret_key);
      expect(text).not.toContain(hash);
      expect(text).not.toMatch(/key_hash|secret_key/);
    }
  });

  it("answers 404 not_found for an unknown id on every module route", async () => {
    await expectError(await admin("/api/v1/modules/mod_unknown"), 404, "not_found");
    await expectError(
      await admin("/api/v1/modules/mod_unknown", { method: "PATCH", body: { name: "x" } }),
      404,
      "not_found",
    );
    await expectError(await admin("/api/v1/modules/mod_unknown/revoke", { method: "POST" }), 404, "not_found");
    await expectError(await admin("/api/v1/modules/mod_unknown/rotate", { method: "POST" }), 404, "not_found");
    await expectError(await admin("/api/v1/modules/mod_unknown", { method: "DELETE" }), 404, "not_found");
  });
});

describe("PATCH /api/v1/modules/{id}", () => {
  it("changes fields and leaves the others alone", async () => {
    const p = await provision({ rate_limit_per_hour: 10 });
    const body = await expectStatus(
      await admin(`/api/v1/modules/${p.module_id}`, {
        method: "PATCH",
        body: { name: "renamed", rate_limit_per_hour: null, allowed_models: ["mock/echo"] },
      }),
      200,
    );
    expect(body).toMatchObject({ name: "renamed", rate_limit_per_hour: null, allowed_models: ["mock/echo"] });
    expect(body.expires_at).toBe(p.expires_at);
  });

  it("applies a new allowed_models list to the next request", async () => {
    const p = await provision();
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
    await admin(`/api/v1/modules/${p.module_id}`, { method: "PATCH", body: { allowed_models: ["mock/echo"] } });
    const models = await expectStatus<{ data: Array<{ id: string }> }>(await ai("/api/v1/models", p.secret_key), 200);
    expect(models.data.map((m) => m.id)).toEqual(["mock/echo"]);
  });

  const bad: Array<[string, unknown, string]> = [
    ["an empty body", {}, "field"],
    ["expires_at in the past", { expires_at: new Date(Date.now() - 1000).toISOString() }, "expires_at"],
    [
      "expires_at more than 365 days away",
      { expires_at: new Date(Date.now() + 366 * DAY).toISOString() },
      "expires_at",
    ],
    ["expires_at that is not a time", { expires_at: "tomorrow" }, "expires_at"],
    ["rate_limit_per_hour as a string", { rate_limit_per_hour: "10" }, "rate_limit_per_hour"],
    ["an empty name", { name: "" }, "name"],
    ["an unknown field", { status: "active" }, "status"],
  ];
  for (const [what, body, field] of bad) {
    it(`answers 400 invalid_request naming the field for ${what}`, async () => {
      const p = await provision();
      const message = await expectError(
        await admin(`/api/v1/modules/${p.module_id}`, { method: "PATCH", body }),
        400,
        "invalid_request",
      );
      expect(message).toContain(field);
    });
  }
});

describe("POST /api/v1/modules/{id}/rotate", () => {
  for (const grace of [-1, 604_801, 1.5, "60"]) {
    it(`answers 400 naming grace_seconds for ${JSON.stringify(grace)}`, async () => {
      const p = await provision();
      const message = await expectError(
        await admin(`/api/v1/modules/${p.module_id}/rotate`, { method: "POST", body: { grace_seconds: grace } }),
        400,
        "invalid_request",
      );
      expect(message).toContain("grace_seconds");
    });
  }

  it("returns the new key once, and previous_key_expires_at = now + grace", async () => {
    const p = await provision();
    const before = Date.now();
    const res = await admin(`/api/v1/modules/${p.module_id}/rotate`, { method: "POST", body: { grace_seconds: 3600 } });
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await expectStatus<Record<string, string>>(res, 200);
    expect(body.module_id).toBe(p.module_id);
    expect(body.expires_at).toBe(p.expires_at);
    expect(Date.parse(body.previous_key_expires_at as string)).toBeGreaterThanOrEqual(before + 3_600_000);
    const got = await expectStatus(await admin(`/api/v1/modules/${p.module_id}`), 200);
    expect(got.key_last4).toBe((body.secret_key as string).slice(-4));
  });

  it("refuses to rotate a revoked module", async () => {
    const p = await provision();
    await admin(`/api/v1/modules/${p.module_id}/revoke`, { method: "POST" });
    await expectError(await admin(`/api/v1/modules/${p.module_id}/rotate`, { method: "POST" }), 400, "invalid_request");
  });
});

describe("revoke and delete", () => {
  it("revokes idempotently, keeping the first revocation time", async () => {
    const p = await provision();
    const first = await expectStatus(await admin(`/api/v1/modules/${p.module_id}/revoke`, { method: "POST" }), 200);
    const second = await expectStatus(await admin(`/api/v1/modules/${p.module_id}/revoke`, { method: "POST" }), 200);
    expect(first.status).toBe("revoked");
    expect(second.revoked_at).toBe(first.revoked_at);
  });

  it("deletes with 204 and then answers 404", async () => {
    const p = await provision();
    const res = await admin(`/api/v1/modules/${p.module_id}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    await expectError(await admin(`/api/v1/modules/${p.module_id}`), 404, "not_found");
  });
});

describe("secrets stay out of logs", () => {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    }
  });
  afterEach(() => vi.restoreAllMocks());

  it("writes no plaintext key, hash or admin key into any log line across the key lifecycle and its errors", async () => {
    const p = await provision();
    await ai("/api/v1/models", p.secret_key);
    await call(`/api/v1/models?key=${p.secret_key}`);
    await ai("/api/v1/models", mistype(p.secret_key));
    const rotated = await expectStatus<{ secret_key: string }>(
      await admin(`/api/v1/modules/${p.module_id}/rotate`, { method: "POST", body: { grace_seconds: 1 } }),
      200,
    );
    await ai("/api/v1/models", rotated.secret_key);
    await admin(`/api/v1/modules/${p.module_id}/revoke`, { method: "POST" });
    await ai("/api/v1/models", rotated.secret_key);
    await new Promise((r) => setTimeout(r, 100));
    const hash = await hashKey(p.secret_key, env.KEY_HASH_SECRET);
    const all = lines.join("\n");
    for (const secret of [p.secret_key, rotated.secret_key, hash, env.ADMIN_API_KEY, env.KEY_HASH_SECRET]) {
      expect(all).not.toContain(secret);
    }
  });
});
