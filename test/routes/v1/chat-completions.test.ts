import { describe, expect, it } from "vitest";
import { admin, expectError, expectStatus, provision } from "../../helpers/api";
import { chat, chatBody, newTag, ssePayloads, streamedText, upstreamRequests } from "../../helpers/upstream";

type Completion = {
  object: string;
  model: string;
  choices: Array<{ message: { role: string; content: string }; finish_reason: string | null }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

describe("POST /api/v1/chat/completions", () => {
  it("answers an OpenAI model in OpenAI's shape with the gateway's default key sent upstream", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const body = await expectStatus<Completion>(await chat(secret_key, chatBody("openai/gpt-4o-mini", tag)), 200);
    expect(body.object).toBe("chat.completion");
    expect(body.model).toBe("openai/gpt-4o-mini");
    // Every field OpenAI sent is kept (refusal, annotations, token details), only the model renamed.
    expect(body.choices[0]?.message).toEqual({
      role: "assistant",
      content: "Hello! How can I assist you today?",
      refusal: null,
      annotations: [],
    });
    expect(body.choices[0]?.finish_reason).toBe("stop");
    expect(body.usage).toMatchObject({ prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 });
    expect(body.usage).toHaveProperty("completion_tokens_details.reasoning_tokens", 0);
    const [sent] = await upstreamRequests(tag);
    expect(sent?.path).toBe("/openai/v1/chat/completions");
    expect(JSON.parse(sent?.body ?? "{}").model).toBe("gpt-4o-mini");
  });

  it("streams an OpenAI model as OpenAI chunks ending with [DONE]", async () => {
    const { secret_key } = await provision();
    const res = await chat(secret_key, chatBody("openai/gpt-4o-mini", newTag(), { stream: true }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const payloads = ssePayloads(await res.text());
    expect(payloads.at(-1)).toBe("[DONE]");
    expect(streamedText(payloads)).toBe("Hello! How can I assist you today?");
    for (const p of payloads.slice(0, -1)) expect(JSON.parse(p).model).toBe("openai/gpt-4o-mini");
  });

  it("routes OpenAI-compatible vendors to their own base URL with their own default key", async () => {
    const { secret_key } = await provision();
    for (const [model, path] of [
      ["groq/llama-3.3-70b-versatile", "/groq/openai/v1/chat/completions"],
      ["openrouter/openrouter/auto", "/openrouter/api/v1/chat/completions"],
    ] as const) {
      const tag = newTag();
      await expectStatus(await chat(secret_key, chatBody(model, tag)), 200);
      const [sent] = await upstreamRequests(tag);
      expect(sent?.path).toBe(path);
      expect(JSON.parse(sent?.body ?? "{}").model).toBe(model.slice(model.indexOf("/") + 1));
    }
  });

  it("answers the mock provider offline, echoing the last user message word by word", async () => {
    const { secret_key } = await provision();
    const body = {
      model: "mock/echo",
      messages: [
        { role: "user", content: "first" },
        { role: "assistant", content: "ok" },
        { role: "user", content: "say these five words" },
      ],
    };
    const json = await expectStatus<Completion>(await chat(secret_key, body), 200);
    expect(json.choices[0]?.message.content).toBe("say these five words");
    const res = await chat(secret_key, { ...body, stream: true });
    const payloads = ssePayloads(await res.text());
    expect(streamedText(payloads)).toBe("say these five words");
    expect(payloads.filter((p) => p.includes('"content"')).length).toBeGreaterThanOrEqual(4);
    expect(payloads.at(-1)).toBe("[DONE]");
  });

  it("refuses an unknown provider with 400 naming model", async () => {
    const { secret_key } = await provision();
    const message = await expectError(await chat(secret_key, chatBody("nope/model", newTag())), 400, "invalid_request");
    expect(message).toMatch(/^model:/);
  });

  it("refuses a model outside allowed_models with 403 and makes no upstream call", async () => {
    const { secret_key } = await provision({ allowed_models: ["openai/gpt-4o-mini"] });
    const tag = newTag();
    await expectError(await chat(secret_key, chatBody("openai/gpt-4o", tag)), 403, "model_not_allowed");
    await expectStatus(await chat(secret_key, chatBody("openai/gpt-4o-mini", newTag())), 200);
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("refuses a caller-chosen base URL anywhere in the body", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    for (const extra of [{ api_base: "http://evil.test" }, { extra_body: { base_url: "http://evil.test" } }]) {
      await expectError(await chat(secret_key, chatBody("openai/gpt-4o-mini", tag, extra)), 400, "invalid_request");
    }
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  describe("max_output_tokens", () => {
    const sentCap = (provider: string, body: Record<string, unknown>): number | undefined => {
      if (provider === "gemini") return (body.generationConfig as { maxOutputTokens?: number }).maxOutputTokens;
      if (provider === "openai" || provider === "groq") return body.max_completion_tokens as number;
      return body.max_tokens as number;
    };
    const models = {
      openai: "openai/gpt-4o-mini",
      anthropic: "anthropic/claude-sonnet-4-5",
      gemini: "gemini/gemini-2.5-flash",
      groq: "groq/llama-3.3-70b-versatile",
      openrouter: "openrouter/openrouter/auto",
    };

    it("injects the key's cap when the request names none, and clamps a larger one, for every provider", async () => {
      const { secret_key } = await provision({ max_output_tokens: 77 });
      for (const [provider, model] of Object.entries(models)) {
        const none = newTag();
        await expectStatus(await chat(secret_key, chatBody(model, none)), 200);
        const huge = newTag();
        await expectStatus(await chat(secret_key, chatBody(model, huge, { max_tokens: 1_000_000 })), 200);
        const small = newTag();
        await expectStatus(await chat(secret_key, chatBody(model, small, { max_tokens: 5 })), 200);
        for (const [tag, expected] of [
          [none, 77],
          [huge, 77],
          [small, 5],
        ] as const) {
          const [sent] = await upstreamRequests(tag);
          expect(sentCap(provider, JSON.parse(sent?.body ?? "{}")), `${provider}`).toBe(expected);
        }
      }
    });

    it("uses DEFAULT_MAX_OUTPUT_TOKENS for a key without a cap, and a PATCHed cap on the next request", async () => {
      const p = await provision();
      const tag = newTag();
      await expectStatus(await chat(p.secret_key, chatBody(models.anthropic, tag, { max_tokens: 1e6 })), 200);
      const [sent] = await upstreamRequests(tag);
      expect(JSON.parse(sent?.body ?? "{}").max_tokens).toBe(1024);
      await expectStatus(
        await admin(`/api/v1/modules/${p.module_id}`, { method: "PATCH", body: { max_output_tokens: 33 } }),
        200,
      );
      const tag2 = newTag();
      await expectStatus(await chat(p.secret_key, chatBody(models.anthropic, tag2)), 200);
      const [sent2] = await upstreamRequests(tag2);
      expect(JSON.parse(sent2?.body ?? "{}").max_tokens).toBe(33);
    });
  });

  it("sends providers only allowlisted headers and their own auth, never the caller's", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const res = await chat(secret_key, chatBody("anthropic/claude-sonnet-4-5", tag), {
      cookie: "session=abc",
      "x-forwarded-for": "1.2.3.4",
      "cf-connecting-ip": "1.2.3.4",
      forwarded: "for=1.2.3.4",
      authorization: `Bearer ${secret_key}`,
      "x-custom": "nope",
    });
    await expectStatus(res, 200);
    const [sent] = await upstreamRequests(tag);
    const headers = sent?.headers ?? {};
    expect(headers["x-api-key"]).toMatch(/^canary-gw-anthropic-/);
    expect(headers["anthropic-version"]).toBe("2023-06-01");
    for (const name of ["cookie", "x-forwarded-for", "cf-connecting-ip", "forwarded", "authorization", "x-custom"]) {
      expect(headers[name], name).toBeUndefined();
    }
    expect(JSON.stringify(sent)).not.toContain(secret_key);
  });
});
