import { describe, expect, it } from "vitest";
import { call, provision } from "../../../helpers/api";
import { chat } from "../../../helpers/upstream";

const SDK_HEADERS =
  "authorization, content-type, x-stainless-arch, x-stainless-lang, x-stainless-os, x-stainless-package-version, x-stainless-retry-count, x-stainless-runtime, x-stainless-runtime-version, x-stainless-timeout";

const preflight = (path: string, origin: string, requested: string) =>
  call(path, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": requested },
  });

describe("browser calls to the AI routes", () => {
  it("answers a preflight with the headers the browser asks for (the OpenAI SDK's x-stainless-*), on every AI route", async () => {
    for (const path of [
      "/api/v1/chat/completions",
      "/api/v1/responses",
      "/api/v1/embeddings",
      "/api/v1/models/openai%2Fgpt-4o-mini",
    ]) {
      const res = await preflight(path, "https://app.example.com", SDK_HEADERS);
      expect(res.status, path).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
      const allowed = (res.headers.get("access-control-allow-headers") ?? "")
        .split(/\s*,\s*/)
        .map((h) => h.toLowerCase());
      for (const header of SDK_HEADERS.split(", ")) expect(allowed, `${path} ${header}`).toContain(header);
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
      expect(res.headers.get("vary")).toContain("Access-Control-Request-Headers");
    }
  });

  it("allows only the key headers when the requested list is not a header list, and never reflects a null origin", async () => {
    const bad = await preflight("/api/v1/chat/completions", "https://app.example.com", "x-ok, bad header; x=y");
    expect(bad.headers.get("access-control-allow-headers")).toBe("X-API-Key, Authorization, Content-Type");
    const nullOrigin = await preflight("/api/v1/chat/completions", "null", SDK_HEADERS);
    expect(nullOrigin.headers.get("access-control-allow-origin")).toBeNull();
    expect(nullOrigin.headers.get("access-control-allow-headers")).toBeNull();
  });

  it("sends X-Request-Id, the origin echo and the rate-limit headers on a streamed answer", async () => {
    const { secret_key } = await provision({ allowed_origins: ["https://app.example.com"] });
    const res = await chat(
      secret_key,
      { model: "mock/echo", stream: true, messages: [{ role: "user", content: "hi there" }] },
      { origin: "https://app.example.com" },
    );
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(res.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
    expect(res.headers.get("x-ratelimit-remaining")).not.toBeNull();
    await res.text();
  });
});
