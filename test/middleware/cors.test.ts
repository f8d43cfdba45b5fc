import { describe, expect, it } from "vitest";
import { admin, ai, call, expectError, expectStatus, provision } from "../helpers/api";

const MODELS = "/api/v1/models";
const PAGE = "https://plugins.example.com";

describe("CORS on AI routes", () => {
  it("answers a preflight from any origin with the methods, headers and max-age the routes use", async () => {
    for (const path of [MODELS, "/api/v1/chat/completions", "/api/v1/providers/openai/models"]) {
      const res = await call(path, {
        method: "OPTIONS",
        headers: {
          origin: "https://anywhere.example",
          "access-control-request-method": "POST",
          "access-control-request-headers": "x-api-key, content-type",
        },
      });
      expect(res.status, path).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("https://anywhere.example");
      expect(res.headers.get("access-control-allow-methods")).toContain("POST");
      const allowed = res.headers.get("access-control-allow-headers")?.toLowerCase() ?? "";
      for (const header of ["x-api-key", "authorization", "content-type"]) expect(allowed).toContain(header);
      expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
      expect(res.headers.get("vary")).toContain("Origin");
    }
  });

  it("echoes the page's origin on an answer the key allows, exposes the limit headers, never * or credentials", async () => {
    const { secret_key } = await provision({ allowed_origins: [PAGE] });
    const res = await ai(MODELS, secret_key, { headers: { origin: PAGE } });
    await expectStatus(res, 200);
    expect(res.headers.get("access-control-allow-origin")).toBe(PAGE);
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("vary")).toContain("Origin");
    const exposed = res.headers.get("access-control-expose-headers") ?? "";
    for (const h of ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"])
      expect(exposed).toContain(h);
  });

  it("never answers with Access-Control-Allow-Origin: null or *", async () => {
    const { secret_key } = await provision();
    for (const origin of ["null", PAGE]) {
      const res = await ai(MODELS, secret_key, { headers: { origin } });
      await res.body?.cancel();
      const acao = res.headers.get("access-control-allow-origin");
      expect(acao).not.toBe("*");
      expect(acao).not.toBe("null");
    }
  });

  it("lets a page read an error's reason: a revoked key's 403 carries the origin echo", async () => {
    const p = await provision({ allowed_origins: [PAGE] });
    await admin(`/api/v1/modules/${p.module_id}/revoke`, { method: "POST" });
    const res = await ai(MODELS, p.secret_key, { headers: { origin: PAGE } });
    expect(res.headers.get("access-control-allow-origin")).toBe(PAGE);
    await expectError(res, 403, "key_revoked");
  });

  it("sends no CORS headers on admin routes", async () => {
    const res = await admin("/api/v1/modules", { headers: { origin: PAGE } });
    await res.body?.cancel();
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await call("/api/v1/modules/provision", { method: "OPTIONS", headers: { origin: PAGE } });
    await preflight.body?.cancel();
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("origin binding", () => {
  it("allows exact origins and one-level wildcards, and refuses others with 403 origin_not_allowed", async () => {
    const { secret_key } = await provision({
      allowed_origins: ["https://app.example.com", "https://*.plugins.example.org"],
    });
    await expectStatus(await ai(MODELS, secret_key, { headers: { origin: "https://app.example.com" } }), 200);
    await expectStatus(await ai(MODELS, secret_key, { headers: { origin: "https://a1.plugins.example.org" } }), 200);
    for (const origin of [
      "https://evil.example.com",
      "http://app.example.com",
      "https://app.example.com:8443",
      "https://plugins.example.org",
      "https://a.b.plugins.example.org",
      "https://app.example.com.evil.net",
    ]) {
      const res = await ai(MODELS, secret_key, { headers: { origin } });
      const message = await expectError(res, 403, "origin_not_allowed");
      expect(message).toContain(origin);
    }
  });

  it("refuses a request without Origin, or with Origin: null, when the key has an allowlist", async () => {
    const { secret_key } = await provision({ allowed_origins: [PAGE] });
    await expectError(await ai(MODELS, secret_key), 403, "origin_not_allowed");
    await expectError(await ai(MODELS, secret_key, { headers: { origin: "null" } }), 403, "origin_not_allowed");
  });

  it("allows any origin, and no origin, when the allowlist is empty", async () => {
    const { secret_key } = await provision();
    await expectStatus(await ai(MODELS, secret_key), 200);
    await expectStatus(await ai(MODELS, secret_key, { headers: { origin: "https://whatever.example" } }), 200);
  });

  it("passes a forged allowed Origin from a non-browser client: origin binding is not authentication", async () => {
    const { secret_key } = await provision({ allowed_origins: [PAGE] });
    await expectStatus(await ai(MODELS, secret_key, { headers: { origin: PAGE } }), 200);
  });

  it("applies a changed allowlist on the next request", async () => {
    const p = await provision({ allowed_origins: [PAGE] });
    await expectStatus(await ai(MODELS, p.secret_key, { headers: { origin: PAGE } }), 200);
    await expectStatus(
      await admin(`/api/v1/modules/${p.module_id}`, {
        method: "PATCH",
        body: { allowed_origins: ["https://other.example.com"] },
      }),
      200,
    );
    await expectError(await ai(MODELS, p.secret_key, { headers: { origin: PAGE } }), 403, "origin_not_allowed");
  });
});

describe("GET /sdk.js", () => {
  it("serves the browser client as JavaScript without a key", async () => {
    const res = await call("/sdk.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("javascript");
    const text = await res.text();
    expect(text).toContain("createGatewayClient");
    expect(text).toContain("GatewayError");
  });
});
