import { describe, expect, it } from "vitest";
import { expectError, expectStatus, provision } from "../../../helpers/api";
import { chat, chatBody, newTag, sentBody, upstreamRequests } from "../../../helpers/upstream";

/** Fields today's clients send that the first release dropped without a word. */
const EXTRAS = {
  logprobs: true,
  top_logprobs: 2,
  reasoning_effort: "low",
  metadata: { host: "shop.example.com", order: "1234" },
  store: false,
  seed: 7,
  modalities: ["text"],
  service_tier: "auto",
  prediction: { type: "content", content: "Hello" },
  verbosity: "low",
};

describe("field fidelity on /chat/completions", () => {
  it("forwards every non-transport field to OpenAI unchanged (metadata.host is user data, not a URL)", async () => {
    const { secret_key } = await provision({ max_output_tokens: 300 });
    const tag = newTag();
    const request = chatBody("openai/gpt-4o-mini", tag, {
      ...EXTRAS,
      max_tokens: 100,
      user: "u-1",
      parallel_tool_calls: false,
    });
    await expectStatus(await chat(secret_key, request), 200);
    expect(await sentBody(tag)).toEqual({
      ...EXTRAS,
      model: "gpt-4o-mini",
      messages: request.messages,
      user: "u-1",
      parallel_tool_calls: false,
      max_completion_tokens: 100,
      stream: false,
    });
  });

  it("forwards n > 1 to OpenAI-wire providers: the usage they report covers every choice", async () => {
    const { secret_key } = await provision();
    const groq = newTag();
    await expectStatus(await chat(secret_key, chatBody("groq/llama-3.3-70b-versatile", groq, { n: 3 })), 200);
    expect((await sentBody(groq)).n).toBe(3);
  });

  it("maps Anthropic's equivalents (user → metadata.user_id) and refuses a field it has none for, by name", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    await expectStatus(
      await chat(secret_key, chatBody("anthropic/claude-sonnet-4-5", tag, { user: "u-1", n: 1 })),
      200,
    );
    expect((await sentBody(tag)).metadata).toEqual({ user_id: "u-1" });
    for (const [field, value] of Object.entries({
      logprobs: true,
      reasoning_effort: "low",
      metadata: { a: "b" },
      seed: 3,
    })) {
      const refused = newTag();
      const message = await expectError(
        await chat(secret_key, chatBody("anthropic/claude-sonnet-4-5", refused, { [field]: value })),
        400,
        "invalid_request",
      );
      expect(message).toMatch(new RegExp(`^${field}: anthropic has no equivalent of this field`));
      expect(await upstreamRequests(refused)).toEqual([]);
    }
  });

  it("maps Gemini's equivalents into generationConfig and refuses the rest by name", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const extra = {
      seed: 11,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      temperature: 0.2,
      top_p: 0.8,
      stop: "END",
    };
    await expectStatus(await chat(secret_key, chatBody("gemini/gemini-2.5-flash", tag, extra)), 200);
    expect((await sentBody(tag)).generationConfig).toEqual({
      maxOutputTokens: 1024,
      seed: 11,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      temperature: 0.2,
      topP: 0.8,
      stopSequences: ["END"],
    });
    const message = await expectError(
      await chat(secret_key, chatBody("gemini/gemini-2.5-flash", newTag(), { logprobs: true })),
      400,
      "invalid_request",
    );
    expect(message).toMatch(/^logprobs: gemini has no equivalent/);
  });

  it("refuses n > 1 for translated providers, which would need one upstream call per choice", async () => {
    const { secret_key } = await provision();
    for (const model of ["anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash", "mock/echo"]) {
      const message = await expectError(
        await chat(secret_key, chatBody(model, newTag(), { n: 2 })),
        400,
        "invalid_request",
      );
      expect(message).toMatch(/^n: /);
    }
  });

  it("refuses transport fields at the top level and inside extra_body, with no upstream call", async () => {
    const { secret_key } = await provision();
    for (const extra of [
      { host: "evil.test" },
      { base_url: "http://evil.test" },
      { extra_body: { api_base: "http://evil.test" } },
    ]) {
      const tag = newTag();
      const message = await expectError(
        await chat(secret_key, chatBody("openai/gpt-4o-mini", tag, extra)),
        400,
        "invalid_request",
      );
      expect(message).toContain("is not accepted: the gateway alone chooses where provider requests go");
      expect(await upstreamRequests(tag)).toEqual([]);
    }
  });
});
