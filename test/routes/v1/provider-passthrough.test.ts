import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, expectError, expectStatus, provision } from "../../helpers/api";
import { native, passthroughKey, RESTRICTED, userTurn } from "../../helpers/passthrough";
import { newTag, upstreamRequests } from "../../helpers/upstream";

type Json = Record<string, unknown>;
const sentBody = (raw: string | undefined) => JSON.parse(raw ?? "null") as Json;

describe("ANY /api/v1/providers/{provider}/{path}: off by default", () => {
  it("refuses every passthrough path with 403 endpoint_not_allowed for a key without allow_passthrough", async () => {
    const { secret_key, allow_passthrough } = await provision();
    expect(allow_passthrough).toBe(false);
    const tag = newTag();
    for (const [path, body] of [
      ["openai/chat/completions", { model: "gpt-4o-mini", max_tokens: 10, messages: userTurn.openai(tag) }],
      ["anthropic/v1/messages", { model: "claude-sonnet-4-5", max_tokens: 10, messages: userTurn.anthropic(tag) }],
      ["gemini/v1beta/models/gemini-2.5-flash:generateContent", { contents: userTurn.gemini(tag) }],
      ["no-such-provider/anything", { tag: `tag:${tag}` }],
    ] as const) {
      const message = await expectError(await native(secret_key, path, { body }), 403, "endpoint_not_allowed");
      expect(message).toContain("allow_passthrough");
    }
    await expectError(await native(secret_key, `openai/models?tag=${tag}`), 403, "endpoint_not_allowed");
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("opens and closes on PATCH, effective on the next request", async () => {
    const { secret_key, module_id } = await provision();
    const body = () => ({ model: "gpt-4o-mini", max_tokens: 10, messages: userTurn.openai(newTag()) });
    await expectError(
      await native(secret_key, "openai/chat/completions", { body: body() }),
      403,
      "endpoint_not_allowed",
    );
    const opened = await admin(`/api/v1/modules/${module_id}`, { method: "PATCH", body: { allow_passthrough: true } });
    expect((await expectStatus<Json>(opened, 200)).allow_passthrough).toBe(true);
    await expectStatus(await native(secret_key, "openai/chat/completions", { body: body() }), 200);
    const wrong = await admin(`/api/v1/modules/${module_id}`, { method: "PATCH", body: { allow_passthrough: "yes" } });
    expect(await expectError(wrong, 400, "invalid_request")).toContain("allow_passthrough");
    await admin(`/api/v1/modules/${module_id}`, { method: "PATCH", body: { allow_passthrough: false } });
    await expectError(
      await native(secret_key, "openai/chat/completions", { body: body() }),
      403,
      "endpoint_not_allowed",
    );
  });

  it("treats a row stored without the field (before migration 0001) as closed", async () => {
    const { generateKey } = await import("../../../src/keys/format");
    const key = generateKey();
    const id = `mod_legacy_${newTag().replaceAll("-", "")}`;
    await env.DB.prepare(
      "INSERT INTO modules (id, name, key_hash, key_last4, updated_at) VALUES (?, 'legacy', ?, ?, ?)",
    )
      .bind(id, await hashOf(key), key.slice(-4), Date.now())
      .run();
    expect((await expectStatus<Json>(await admin(`/api/v1/modules/${id}`), 200)).allow_passthrough).toBe(false);
    const tag = newTag();
    await expectError(await native(key, `openai/models?tag=${tag}`), 403, "endpoint_not_allowed");
    expect(await upstreamRequests(tag)).toEqual([]);
  });
});

describe("ANY /api/v1/providers/{provider}/{path}: allowed requests", () => {
  it("forwards an OpenAI chat request as the checked JSON to the canonical path, with only allowlisted headers", async () => {
    const { secret_key } = await passthroughKey({ max_output_tokens: 100 });
    const tag = newTag();
    const res = await native(secret_key, "openai/chat/%63ompletions", {
      body: { model: "gpt-4o-mini", messages: userTurn.openai(tag) },
      contentType: "text/plain",
      headers: {
        cookie: "a=b",
        "x-forwarded-for": "1.1.1.1",
        "cf-ray": "abc",
        "x-other": "no",
        authorization: "Bearer x",
      },
    });
    const body = await expectStatus<{ object: string }>(res, 200);
    expect(body.object).toBe("chat.completion");
    const [sent] = await upstreamRequests(tag);
    expect(sent?.path).toBe("/openai/v1/chat/completions");
    expect(sentBody(sent?.body)).toEqual({
      model: "gpt-4o-mini",
      messages: userTurn.openai(tag),
      max_completion_tokens: 100,
    });
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(sent?.headers.authorization).toBe(`Bearer ${env.OPENAI_API_KEY}`);
    for (const h of ["cookie", "x-forwarded-for", "cf-ray", "x-other", "x-api-key"])
      expect(sent?.headers[h], h).toBeUndefined();
    expect(JSON.stringify(sent)).not.toContain(secret_key);
  });

  it("relays an OpenAI chat stream and asks it to report usage", async () => {
    const { secret_key } = await passthroughKey();
    const tag = newTag();
    const res = await native(secret_key, "openai/chat/completions", {
      body: { model: "gpt-4o-mini", stream: true, max_tokens: 20, messages: userTurn.openai(tag) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
    const text = await res.text();
    expect(text).toContain('"model":"gpt-4o-mini-2024-07-18"');
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
    const [sent] = await upstreamRequests(tag);
    expect(sentBody(sent?.body)).toMatchObject({
      max_tokens: 20,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("serves OpenAI Responses, embeddings and the model list, and a Groq chat with its own cap field", async () => {
    const { secret_key } = await passthroughKey({ max_output_tokens: 64 });
    const tag = newTag();
    await expectStatus(
      await native(secret_key, "openai/responses", { body: { model: "gpt-4o-mini", input: `tag:${tag}` } }),
      200,
    );
    await expectStatus(
      await native(secret_key, "openai/embeddings", { body: { model: "text-embedding-3-small", input: `tag:${tag}` } }),
      200,
    );
    await expectStatus(
      await native(secret_key, "groq/chat/completions", {
        body: { model: "llama-3.1-8b-instant", messages: userTurn.openai(tag) },
      }),
      200,
    );
    const sent = await upstreamRequests(tag);
    expect(sent.map((r) => r.path)).toEqual([
      "/openai/v1/responses",
      "/openai/v1/embeddings",
      "/groq/openai/v1/chat/completions",
    ]);
    expect(sentBody(sent[0]?.body)).toMatchObject({ max_output_tokens: 64 });
    expect(sentBody(sent[1]?.body)).toEqual({ model: "text-embedding-3-small", input: `tag:${tag}` });
    expect(sentBody(sent[2]?.body)).toMatchObject({ max_completion_tokens: 64 });
    await expectStatus(await native(secret_key, "openai/models"), 200);
  });

  it("forwards Anthropic messages (JSON and stream), token counts and the model list with anthropic-version", async () => {
    const { secret_key } = await provision(RESTRICTED);
    const tag = newTag();
    const headers = { "anthropic-version": "2023-06-01" };
    const body = { model: "claude-sonnet-4-5", messages: userTurn.anthropic(tag) };
    const json = await expectStatus<{ type: string }>(
      await native(secret_key, "anthropic/v1/messages", { body, headers }),
      200,
    );
    expect(json.type).toBe("message");
    const stream = await native(secret_key, "anthropic/v1/messages?beta=true", {
      body: { ...body, stream: true },
      headers,
    });
    expect(stream.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(await stream.text()).toContain("event: message_stop");
    await expectStatus(await native(secret_key, "anthropic/v1/messages/count_tokens", { body, headers }), 200);
    await expectStatus(await native(secret_key, `anthropic/v1/models?limit=5&after_id=tag:${tag}`, { headers }), 200);
    const sent = await upstreamRequests(tag);
    expect(sent.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
      "POST /anthropic/v1/messages",
      "POST /anthropic/v1/messages",
      "POST /anthropic/v1/messages/count_tokens",
      "GET /anthropic/v1/models",
    ]);
    expect(sent[0]?.headers["x-api-key"]).toBe(env.ANTHROPIC_API_KEY);
    expect(sent[0]?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sentBody(sent[0]?.body)).toMatchObject({ max_tokens: 100 });
    expect(sent[1]?.path).toBe("/anthropic/v1/messages?beta=true");
    expect(sentBody(sent[2]?.body)).toEqual(body);
  });

  it("runs Gemini's model from the path: generate, stream, count, embed, batch embed, list", async () => {
    const { secret_key } = await passthroughKey({
      allowed_models: ["gemini/gemini-2.5-flash", "gemini/text-embedding-004"],
    });
    const tag = newTag();
    const model = "v1beta/models/gemini-2.5-flash";
    const contents = userTurn.gemini(tag);
    await expectStatus(await native(secret_key, `gemini/${model}:generateContent`, { body: { contents } }), 200);
    const stream = await native(secret_key, `gemini/${model}:streamGenerateContent?alt=sse`, { body: { contents } });
    expect(stream.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(await stream.text()).toContain("usageMetadata");
    await expectStatus(await native(secret_key, `gemini/${model}:countTokens`, { body: { contents } }), 200);
    const embed = "v1beta/models/text-embedding-004";
    const content = { parts: [{ text: `tag:${tag}` }] };
    await expectStatus(await native(secret_key, `gemini/${embed}:embedContent`, { body: { content } }), 200);
    await expectStatus(
      await native(secret_key, `gemini/${embed}:batchEmbedContents`, {
        body: { requests: [{ model: "models/text-embedding-004", content }] },
      }),
      200,
    );
    await expectStatus(await native(secret_key, `gemini/v1beta/models?pageToken=tag:${tag}`), 200);
    const sent = await upstreamRequests(tag);
    expect(sent.map((r) => r.path)).toEqual([
      `/gemini/${model}:generateContent`,
      `/gemini/${model}:streamGenerateContent?alt=sse`,
      `/gemini/${model}:countTokens`,
      `/gemini/${embed}:embedContent`,
      `/gemini/${embed}:batchEmbedContents`,
      `/gemini/v1beta/models?pageToken=tag%3A${tag}`,
    ]);
    expect(sent[0]?.headers["x-goog-api-key"]).toBe(env.GEMINI_API_KEY);
    expect(sentBody(sent[0]?.body)).toEqual({ contents, generationConfig: { maxOutputTokens: 1024 } });
  });
});

describe("ANY /api/v1/providers/{provider}/{path}: model lists", () => {
  type OpenAiList = { data: Array<{ id: string }> };
  type GeminiList = { models: Array<{ name: string }> };

  it("shows a key with allowed_models only those models of the provider's list", async () => {
    const { secret_key } = await provision(RESTRICTED);
    const openai = await expectStatus<OpenAiList>(await native(secret_key, "openai/models"), 200);
    expect(openai.data.map((m) => m.id)).toEqual(["gpt-4o-mini"]);
    const anthropic = await expectStatus<OpenAiList>(await native(secret_key, "anthropic/v1/models"), 200);
    expect(anthropic.data.map((m) => m.id)).toEqual(["claude-sonnet-4-5"]);
    const gemini = await expectStatus<GeminiList>(await native(secret_key, "gemini/v1beta/models"), 200);
    expect(gemini.models.map((m) => m.name)).toEqual(["models/gemini-2.5-flash"]);
  });

  it("relays the whole list to a key without allowed_models", async () => {
    const { secret_key } = await passthroughKey();
    const openai = await expectStatus<OpenAiList>(await native(secret_key, "openai/models"), 200);
    expect(openai.data.map((m) => m.id)).toContain("gpt-4o");
    expect(openai.data).toHaveLength(4);
  });
});

describe("ANY /api/v1/providers/{provider}/{path}: refusals", () => {
  it("names the allowlist in a refusal of an unlisted endpoint", async () => {
    const { secret_key } = await passthroughKey();
    const message = await expectError(await native(secret_key, "openai/files"), 403, "endpoint_not_allowed");
    expect(message).toContain("POST chat/completions");
    expect(message).toContain("GET models");
  });

  it("refuses non-canonical spellings of an allowlisted path (RELIABILITY PASS-2) with no upstream call", async () => {
    const { secret_key } = await passthroughKey();
    const tag = newTag();
    const body = { model: "gpt-4o-mini", messages: userTurn.openai(tag) };
    for (const path of [
      "openai/chat//completions",
      "openai/chat/completions/",
      "openai/chat%2Fcompletions",
      "openai/chat%5Ccompletions",
      "openai/chat/%2563ompletions",
      "openai/chat/completions%00",
      "openai/chat/comp%ZZletions",
    ]) {
      await expectError(await native(secret_key, path, { body }), 403, "endpoint_not_allowed");
    }
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("matches %2e%2e segments (which URL parsing resolves) exactly as their canonical form, policy included", async () => {
    const { secret_key } = await passthroughKey({ max_output_tokens: 30 });
    for (const path of ["openai/chat/%2e%2e/chat/completions", "openai/x/%2E%2E/chat/completions"]) {
      const tag = newTag();
      const body = { model: "gpt-4o-mini", messages: userTurn.openai(tag) };
      await expectStatus(await native(secret_key, path, { body }), 200);
      const over = await native(secret_key, path, { body: { ...body, max_tokens: 31 } });
      await expectError(over, 400, "invalid_request");
      const sent = await upstreamRequests(tag);
      expect(sent.map((r) => r.path)).toEqual(["/openai/v1/chat/completions"]);
      expect(sentBody(sent[0]?.body)).toMatchObject({ max_completion_tokens: 30 });
    }
    const outOfProvider = await native(secret_key, "openai/%2e%2e/%2e%2e/modules");
    await expectError(outOfProvider, 401, "invalid_key");
  });

  it("refuses query parameters the endpoint does not take, beta headers, and bodies that are not a JSON object", async () => {
    const { secret_key } = await passthroughKey();
    const tag = newTag();
    const body = { model: "gpt-4o-mini", messages: userTurn.openai(tag) };
    const cases: Array<[string, Parameters<typeof native>[2], string]> = [
      ["openai/chat/completions?api-version=1", { body }, "api-version"],
      ["openai/chat/completions", { body, headers: { "openai-beta": "assistants=v2" } }, "openai-beta"],
      [
        "anthropic/v1/messages",
        { body: { ...body, model: "claude-sonnet-4-5" }, headers: { "anthropic-beta": "context-1m-2025-08-07" } },
        "anthropic-beta",
      ],
      ["openai/chat/completions", { raw: `[{"tag":"tag:${tag}"}]` }, "JSON object"],
      ["openai/chat/completions", { raw: `{"tag":"tag:${tag}", // comment\n}` }, "valid JSON"],
      ["openai/chat/completions", { raw: "" }, "body"],
      ["openai/chat/completions", { body: { messages: userTurn.openai(tag) } }, "model"],
      ["openai/responses", { body: { model: "gpt-4o-mini", input: `tag:${tag}`, prompt: { id: "pmpt_1" } } }, "prompt"],
      ["openai/chat/completions", { body: { ...body, service_tier: "priority" } }, "service_tier"],
    ];
    for (const [path, init, named] of cases) {
      const message = await expectError(await native(secret_key, path, init), 400, "invalid_request");
      expect(message, path).toContain(named);
    }
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("lets a key use exactly the built-in tools its allowed_builtin_tools name", async () => {
    const { secret_key, module_id } = await passthroughKey();
    const patched = await admin(`/api/v1/modules/${module_id}`, {
      method: "PATCH",
      body: { allowed_builtin_tools: ["web_search", "mcp"] },
    });
    await expectStatus(patched, 200);
    const tag = newTag();
    const body = (tools: unknown[]) => ({ model: "gpt-4o-mini", input: `tag:${tag}`, tools });
    await expectStatus(await native(secret_key, "openai/responses", { body: body([{ type: "web_search" }]) }), 200);
    const anthropic = { model: "claude-sonnet-4-5", messages: userTurn.anthropic(tag) };
    const mcp = { ...anthropic, mcp_servers: [{ type: "url", url: "https://mcp.example", name: "x" }] };
    await expectStatus(await native(secret_key, "anthropic/v1/messages", { body: mcp }), 200);
    const refused: Array<[string, Record<string, unknown>, string]> = [
      ["openai/responses", body([{ type: "code_interpreter", container: { type: "auto" } }]), "code_interpreter"],
      [
        "anthropic/v1/messages",
        { ...anthropic, tools: [{ type: "web_fetch_20250910", name: "web_fetch" }] },
        "web_fetch",
      ],
      ["anthropic/v1/messages", { ...anthropic, tools: [{ type: "bash_20250124", name: "bash" }] }, "shell"],
      [
        "gemini/v1beta/models/gemini-2.5-flash:generateContent",
        { contents: userTurn.gemini(tag), tools: [{ codeExecution: {} }] },
        "code_interpreter",
      ],
      [
        "gemini/v1beta/models/gemini-2.5-flash:generateContent",
        { contents: userTurn.gemini(tag), tools: [{ url_context: {} }] },
        "web_fetch",
      ],
    ];
    for (const [path, refusedBody, named] of refused) {
      const res = await native(secret_key, path, { body: refusedBody });
      expect(await expectError(res, 403, "endpoint_not_allowed"), path).toContain(named);
    }
    expect(await upstreamRequests(tag)).toHaveLength(2);
  });

  it("refuses unknown providers and the mock, and providers outside allowed_models", async () => {
    const { secret_key } = await passthroughKey({ allowed_models: ["openai/gpt-4o-mini"] });
    await expectError(await native(secret_key, "evil.test/x"), 404, "not_found");
    await expectError(await native(secret_key, "mock/x"), 404, "not_found");
    await expectError(await native(secret_key, "anthropic/v1/models"), 403, "model_not_allowed");
  });

  it("passes a provider error's status and native body through, scrubbed", async () => {
    const { secret_key } = await passthroughKey();
    const res = await native(secret_key, "openai/chat/completions", {
      body: { model: "gpt-4o-mini", max_tokens: 20, messages: [{ role: "user", content: "behave:status-401" }] },
    });
    expect(res.status).toBe(401);
    const body = await expectStatus<{ error: { message: string; type: string } }>(res, 401);
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain("Rejected by fake upstream");
    expect(JSON.stringify(body)).not.toContain(env.OPENAI_API_KEY);
  });

  it("answers 424 without calling upstream when no key resolves", async () => {
    const { secret_key } = await passthroughKey();
    await expectError(await native(secret_key, "mistral/models"), 424, "provider_key_missing");
  });

  it("requires a module key", async () => {
    await expectError(await native("", "openai/models"), 401, "missing_key");
  });
});

/** The KV cache key of a module key, so a test can drop a cached record after a direct D1 change. */
async function hashOf(key: string): Promise<string> {
  const { hashKey } = await import("../../../src/keys/hash");
  return hashKey(key, env.KEY_HASH_SECRET);
}

describe("passthrough header refusals", () => {
  it("refuses a beta header before counting the request against the key's rate limit", async () => {
    const { secret_key } = await passthroughKey({ rate_limit_per_hour: 10 });
    const body = { model: "gpt-4o-mini", messages: userTurn.openai(newTag()) };
    for (let i = 0; i < 3; i++) {
      const refused = await native(secret_key, "openai/chat/completions", { body, headers: { "openai-beta": "x" } });
      await expectError(refused, 400, "invalid_request");
    }
    const ok = await native(secret_key, "openai/chat/completions", { body });
    await expectStatus(ok, 200);
    expect(ok.headers.get("x-ratelimit-remaining")).toBe("9");
  });
});
