import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ai, expectError, expectStatus, provision } from "../../helpers/api";
import { newTag, upstreamRequests } from "../../helpers/upstream";

describe("ANY /api/v1/providers/{provider}/{path}", () => {
  it("forwards the native body untouched to the provider's base URL with the provider's own auth header", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const raw = `{"model":"claude-sonnet-4-5","max_tokens":12,"messages":[{"role":"user","content":"tag:${tag}"}]}`;
    const res = await ai("/api/v1/providers/anthropic/v1/messages", secret_key, {
      method: "POST",
      rawBody: raw,
      headers: {
        "content-type": "application/json",
        "anthropic-version": "2023-06-01",
        cookie: "a=b",
        "x-forwarded-for": "1.1.1.1",
        "cf-ray": "abc",
        "x-other": "no",
      },
    });
    const body = await expectStatus<{ type: string; content: unknown[] }>(res, 200);
    expect(body.type).toBe("message");
    const [sent] = await upstreamRequests(tag);
    expect(sent?.path).toBe("/anthropic/v1/messages");
    expect(sent?.body).toBe(raw);
    expect(sent?.headers["x-api-key"]).toBe(env.ANTHROPIC_API_KEY);
    expect(sent?.headers["anthropic-version"]).toBe("2023-06-01");
    for (const h of ["cookie", "x-forwarded-for", "cf-ray", "x-other", "authorization"])
      expect(sent?.headers[h], h).toBeUndefined();
    expect(JSON.stringify(sent)).not.toContain(secret_key);
  });

  it("relays a native stream as it comes", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const res = await ai("/api/v1/providers/openai/chat/completions", secret_key, {
      method: "POST",
      body: { model: "gpt-4o-mini", stream: true, max_tokens: 20, messages: [{ role: "user", content: `tag:${tag}` }] },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const text = await res.text();
    expect(text).toContain('"model":"gpt-4o-mini-2024-07-18"');
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
    const [sent] = await upstreamRequests(tag);
    expect(sent?.headers.authorization).toBe(`Bearer ${env.OPENAI_API_KEY}`);
  });

  it("gives a relayed answer the CORS echo and the X-RateLimit-* headers, like every AI answer", async () => {
    const origin = "https://plugin.example.com";
    const { secret_key } = await provision({ allowed_origins: [origin] });
    const res = await ai("/api/v1/providers/openai/chat/completions", secret_key, {
      method: "POST",
      headers: { origin },
      body: { model: "gpt-4o-mini", max_tokens: 20, messages: [{ role: "user", content: `tag:${newTag()}` }] },
    });
    await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(origin);
    expect(res.headers.get("vary")).toContain("Origin");
    expect(res.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
    expect(res.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
  });

  it("keeps the query string and puts Gemini's key in its header, not the URL", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const res = await ai(
      `/api/v1/providers/gemini/v1beta/models/gemini-2.5-flash:generateContent?tag=${tag}`,
      secret_key,
      {
        method: "POST",
        body: { contents: [{ role: "user", parts: [{ text: "hi" }] }], generationConfig: { maxOutputTokens: 20 } },
      },
    );
    await expectStatus(res, 200);
    const [sent] = await upstreamRequests(tag);
    expect(sent?.path).toBe(`/gemini/v1beta/models/gemini-2.5-flash:generateContent?tag=${tag}`);
    expect(sent?.headers["x-goog-api-key"]).toBe(env.GEMINI_API_KEY);
  });

  it("refuses paths that could leave the provider's base URL", async () => {
    const { secret_key } = await provision();
    for (const path of [
      "/api/v1/providers/openai/%2e%2e/admin",
      "/api/v1/providers/openai/a/%2F%2Fevil.test/x",
      "/api/v1/providers/openai/a//evil.test",
      "/api/v1/providers/openai/%5c%5cevil.test",
      "/api/v1/providers/openai/@evil.test",
      "/api/v1/providers/openai/a%40evil.test",
    ]) {
      const res = await ai(path, secret_key, { method: "POST", body: {} });
      expect([400, 404], `${path}: ${res.status}`).toContain(res.status);
      await res.text();
    }
  });

  it("refuses unknown providers, the mock, and providers outside allowed_models", async () => {
    const { secret_key } = await provision({ allowed_models: ["openai/gpt-4o-mini"] });
    await expectError(await ai("/api/v1/providers/evil.test/x", secret_key), 404, "not_found");
    await expectError(await ai("/api/v1/providers/mock/x", secret_key), 404, "not_found");
    await expectError(
      await ai("/api/v1/providers/anthropic/v1/messages", secret_key, { method: "POST", body: {} }),
      403,
      "model_not_allowed",
    );
  });

  it("refuses a native request for a model outside allowed_models, with no upstream call", async () => {
    const { secret_key } = await provision({ allowed_models: ["openai/gpt-4o-mini", "gemini/gemini-2.5-flash"] });
    const tag = newTag();
    const message = await expectError(
      await ai("/api/v1/providers/openai/chat/completions", secret_key, {
        method: "POST",
        body: { model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: `tag:${tag}` }] },
      }),
      403,
      "model_not_allowed",
    );
    expect(message).toContain("openai/gpt-4o");
    await expectError(
      await ai("/api/v1/providers/gemini/v1beta/models/gemini-2.5-pro:generateContent", secret_key, {
        method: "POST",
        body: { contents: [], generationConfig: { maxOutputTokens: 10 } },
      }),
      403,
      "model_not_allowed",
    );
    await expectError(
      await ai("/api/v1/providers/openai/chat/completions", secret_key, {
        method: "POST",
        body: { max_tokens: 10, messages: [{ role: "user", content: `tag:${tag}` }] },
      }),
      403,
      "model_not_allowed",
    );
    expect(await upstreamRequests(tag)).toEqual([]);
    const allowed = await ai("/api/v1/providers/openai/chat/completions", secret_key, {
      method: "POST",
      body: { model: "gpt-4o-mini", max_tokens: 10, messages: [{ role: "user", content: `tag:${tag}` }] },
    });
    await expectStatus(allowed, 200);
  });

  it("requires a generating native request to name an output limit within the key's cap, and never rewrites it", async () => {
    const { secret_key } = await provision({ max_output_tokens: 100 });
    const tag = newTag();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["/openai/chat/completions", { model: "gpt-4o-mini", messages: [] }, "max_tokens"],
      ["/openai/chat/completions", { model: "gpt-4o-mini", max_tokens: 101, messages: [] }, "max_tokens"],
      [
        "/openai/chat/completions",
        { model: "gpt-4o-mini", max_completion_tokens: 5000, messages: [] },
        "max_completion_tokens",
      ],
      ["/anthropic/v1/messages", { model: "claude-sonnet-4-5", max_tokens: 1e6, messages: [] }, "max_tokens"],
      [
        "/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent",
        { contents: [], generationConfig: { maxOutputTokens: 4096 } },
        "generationConfig.maxOutputTokens",
      ],
    ];
    for (const [path, body, field] of cases) {
      const message = await expectError(
        await ai(`/api/v1/providers${path}?tag=${tag}`, secret_key, { method: "POST", body }),
        400,
        "invalid_request",
      );
      expect(message, path).toContain(field);
      expect(message).toContain("100");
    }
    expect(await upstreamRequests(tag)).toEqual([]);
    const raw = `{"model":"gpt-4o-mini","max_tokens":100,"messages":[{"role":"user","content":"tag:${tag}"}]}`;
    await expectStatus(
      await ai("/api/v1/providers/openai/chat/completions", secret_key, {
        method: "POST",
        rawBody: raw,
        headers: { "content-type": "application/json" },
      }),
      200,
    );
    const [sent] = await upstreamRequests(tag);
    expect(sent?.body).toBe(raw);
  });

  it("leaves non-generating native calls (model lists) without a token limit", async () => {
    const { secret_key } = await provision({ max_output_tokens: 100 });
    const tag = newTag();
    await expectStatus(await ai(`/api/v1/providers/openai/models?tag=${tag}`, secret_key), 200);
    const [sent] = await upstreamRequests(tag);
    expect(sent?.path).toBe(`/openai/v1/models?tag=${tag}`);
  });

  it("passes a provider error's status through with any echoed secret scrubbed", async () => {
    const { secret_key } = await provision();
    const res = await ai("/api/v1/providers/openai/chat/completions?behave=status-401", secret_key, {
      method: "POST",
      body: { model: "gpt-4o-mini", max_tokens: 20, messages: [] },
    });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).toContain("Rejected by fake upstream");
    expect(text).not.toContain(env.OPENAI_API_KEY);
    expect(text).not.toContain(secret_key);
  });

  it("answers 424 without calling upstream when no key resolves", async () => {
    const { secret_key } = await provision();
    await expectError(await ai("/api/v1/providers/mistral/models", secret_key), 424, "provider_key_missing");
  });

  it("requires a module key", async () => {
    await expectError(await ai("/api/v1/providers/openai/models", ""), 401, "missing_key");
  });
});
