import { describe, expect, it } from "vitest";
import { generateKey } from "../../../../src/keys/format";
import { admin, ai, call, expectError, expectStatus, mistype, provision, waitUntilPast } from "../../../helpers/api";
import { newTag } from "../../../helpers/upstream";

const IMPORT = "/api/v1/modules/import";
const DAY = 86_400_000;

/** A key as the old gateway made them: Python's `secrets.token_hex(32)`, 64 hex characters. */
function tokenHex32(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

type ModuleJson = { module_id: string; key_format: string; status: string; expires_at: string; key_last4: string };

async function importKey(secret: string, extra: Record<string, unknown> = {}) {
  const res = await admin(IMPORT, {
    method: "POST",
    body: { name: `legacy-${crypto.randomUUID()}`, secret_key: secret, ...extra },
  });
  return expectStatus<ModuleJson & Record<string, unknown>>(res, 201);
}

/**
 * One working request per AI route, keyed by the OpenAPI path. The test below fails when the
 * document lists a module-key route that is missing here, so a new route cannot skip this check.
 */
const AI_REQUESTS: Record<string, (key: string) => Promise<Response>> = {
  "/api/v1/models": (key) => ai("/api/v1/models", key),
  "/api/v1/chat/completions": (key) =>
    ai("/api/v1/chat/completions", key, {
      method: "POST",
      body: { model: "mock/echo", messages: [{ role: "user", content: "hello from a legacy plugin" }] },
    }),
  "/api/v1/models/{model}": (key) => ai("/api/v1/models/mock%2Fecho", key),
  "/api/v1/responses": (key) =>
    ai("/api/v1/responses", key, { method: "POST", body: { model: "openai/gpt-4o-mini", input: `tag:${newTag()}` } }),
  "/api/v1/embeddings": (key) =>
    ai("/api/v1/embeddings", key, { method: "POST", body: { model: "mock/echo", input: "legacy plugin" } }),
  "/api/v1/providers/{provider}/{path}": (key) =>
    ai("/api/v1/providers/openai/chat/completions", key, {
      method: "POST",
      body: { model: "gpt-4o-mini", max_tokens: 20, messages: [{ role: "user", content: `tag:${newTag()}` }] },
    }),
};

type OpenApi = { paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>> };

async function moduleKeyPaths(): Promise<string[]> {
  const doc = await expectStatus<OpenApi>(await call("/openapi.json"), 200);
  return Object.entries(doc.paths)
    .filter(([, ops]) => Object.values(ops).some((op) => op.security?.some((s) => "ModuleKey" in s)))
    .map(([path]) => path);
}

describe("POST /api/v1/modules/import", () => {
  it("imports a 64-hex legacy key: 201 with the module, the secret not echoed, format 'imported'", async () => {
    const secret = tokenHex32();
    const before = Date.now();
    const res = await admin(IMPORT, { method: "POST", body: { name: "Old recipe plugin", secret_key: secret } });
    const text = await res.clone().text();
    const body = await expectStatus<ModuleJson>(res, 201);
    expect(text).not.toContain(secret);
    expect(body).toMatchObject({ status: "active", key_format: "imported", key_last4: secret.slice(-4) });
    expect(body).not.toHaveProperty("secret_key");
    const expiresAt = Date.parse(body.expires_at);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 365 * DAY);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 365 * DAY);
  });

  it("accepts the imported key on every AI route the OpenAPI document lists", async () => {
    const secret = tokenHex32();
    // The passthrough is off unless the module allows it; import takes the field like provision.
    await importKey(secret, { allow_passthrough: true });
    const paths = await moduleKeyPaths();
    expect(paths.length).toBeGreaterThanOrEqual(3);
    for (const path of paths) {
      const send = AI_REQUESTS[path];
      expect(send, `no import check for AI route ${path}; add one to AI_REQUESTS`).toBeDefined();
      if (!send) continue;
      const res = await send(secret);
      const text = await res.text();
      expect(res.status, `${path}: ${text}`).toBe(200);
    }
  });

  it("answers a chat call with the imported key by Authorization: Bearer too", async () => {
    const secret = tokenHex32();
    await importKey(secret);
    const res = await call("/api/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${secret}` },
      body: { model: "mock/echo", messages: [{ role: "user", content: "bearer works" }] },
    });
    const body = await expectStatus<{ choices: Array<{ message: { content: string } }> }>(res, 200);
    expect(body.choices[0]?.message.content).toBe("bearer works");
  });

  it("keeps the given expiry and policy", async () => {
    const secret = tokenHex32();
    const expires = new Date(Date.now() + 30 * DAY).toISOString();
    const body = await importKey(secret, {
      expires_at: expires,
      rate_limit_per_hour: 5,
      allowed_models: ["mock/echo"],
    });
    expect(body).toMatchObject({ expires_at: expires, rate_limit_per_hour: 5, allowed_models: ["mock/echo"] });
    const refused = await ai("/api/v1/chat/completions", secret, {
      method: "POST",
      body: { model: "mock/lorem", messages: [{ role: "user", content: "hi" }] },
    });
    await expectError(refused, 403, "model_not_allowed");
  });

  it("rotates an imported key to a new egw_pub_ key; the legacy key works through the grace only", async () => {
    const secret = tokenHex32();
    const made = await importKey(secret);
    const res = await admin(`/api/v1/modules/${made.module_id}/rotate`, { method: "POST", body: { grace_seconds: 1 } });
    const rotated = await expectStatus<{ secret_key: string; previous_key_expires_at: string }>(res, 200);
    expect(rotated.secret_key).toMatch(/^egw_pub_[0-9A-Za-z]{49}$/);
    const got = await expectStatus<ModuleJson>(await admin(`/api/v1/modules/${made.module_id}`), 200);
    expect(got.key_format).toBe("egw_pub");
    expect((await ai("/api/v1/models", rotated.secret_key)).status).toBe(200);
    expect((await ai("/api/v1/models", secret)).status).toBe(200);
    await waitUntilPast(Date.parse(rotated.previous_key_expires_at));
    await expectError(await ai("/api/v1/models", secret), 403, "key_expired");
  });

  it("answers 409 conflict for a key that is already registered, current or provisioned here", async () => {
    const secret = tokenHex32();
    await importKey(secret);
    const again = await admin(IMPORT, { method: "POST", body: { name: "twice", secret_key: secret } });
    expect(again.headers.get("retry-after")).toBeNull();
    expect(await expectError(again, 409, "conflict")).toContain("secret_key");
    const own = await provision();
    const clash = await admin(IMPORT, { method: "POST", body: { name: "ours", secret_key: own.secret_key } });
    await expectError(clash, 409, "conflict");
  });

  it("lets only one of two simultaneous imports of the same key win", async () => {
    const secret = tokenHex32();
    const send = () => admin(IMPORT, { method: "POST", body: { name: "race", secret_key: secret } });
    const statuses = (await Promise.all([send(), send()])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409]);
  });

  it("imports a well-formed egw_pub_ key as egw_pub and refuses one with a broken checksum", async () => {
    const key = generateKey();
    expect((await importKey(key)).key_format).toBe("egw_pub");
    expect((await ai("/api/v1/models", key)).status).toBe(200);
    const broken = await admin(IMPORT, { method: "POST", body: { name: "typo", secret_key: mistype(generateKey()) } });
    expect(await expectError(broken, 400, "invalid_request")).toContain("secret_key");
  });

  const badBodies: Array<[string, Record<string, unknown>, string]> = [
    ["a missing secret_key", { name: "x" }, "secret_key"],
    ["a 31-character secret_key", { name: "x", secret_key: "a".repeat(31) }, "secret_key"],
    ["a secret_key with spaces", { name: "x", secret_key: `${"a".repeat(32)} b` }, "secret_key"],
    [
      "expires_in_days (import takes expires_at)",
      { name: "x", secret_key: "b".repeat(64), expires_in_days: 3 },
      "expires_in_days",
    ],
    ["a past expires_at", { name: "x", secret_key: "c".repeat(64), expires_at: "2020-01-01T00:00:00Z" }, "expires_at"],
    [
      "an expires_at 400 days away",
      { name: "x", secret_key: "d".repeat(64), expires_at: new Date(Date.now() + 400 * DAY).toISOString() },
      "expires_at",
    ],
    ["an unknown account_id", { name: "x", secret_key: "e".repeat(64), account_id: "acc_nosuch" }, "account_id"],
  ];
  for (const [what, body, field] of badBodies) {
    it(`answers 400 invalid_request naming the field for ${what}`, async () => {
      const message = await expectError(await admin(IMPORT, { method: "POST", body }), 400, "invalid_request");
      expect(message).toContain(field);
    });
  }

  it("needs the admin key", async () => {
    await expectError(
      await call(IMPORT, { method: "POST", body: { name: "x", secret_key: tokenHex32() } }),
      401,
      "missing_key",
    );
  });
});

describe("the verifier and imported keys", () => {
  it("refuses garbage with the egw_pub_ prefix offline, and an unknown 64-hex key as invalid_key", async () => {
    await expectError(await ai("/api/v1/models", mistype(generateKey())), 401, "invalid_key");
    await expectError(await ai("/api/v1/models", `egw_pub_${"x".repeat(56)}`), 401, "invalid_key");
    await expectError(await ai("/api/v1/models", tokenHex32()), 401, "invalid_key");
  });

  it("refuses an imported key with one character changed", async () => {
    const secret = tokenHex32();
    await importKey(secret);
    await expectError(
      await ai("/api/v1/models", `${secret.slice(0, -1)}${secret.endsWith("0") ? "1" : "0"}`),
      401,
      "invalid_key",
    );
  });
});
