import { describe, expect, it } from "vitest";
import { ai, expectError, provision } from "../helpers/api";
import { native, passthroughKey } from "../helpers/passthrough";
import { chat, chatBody, newTag, upstreamRequests } from "../helpers/upstream";

/**
 * Security-review findings: request fields that let a key spend off its budget, past its model
 * list or at a pricier rate. Each is refused with 400 `invalid_request` naming the field, and
 * nothing reaches the provider.
 */
const responses = (key: string, body: Record<string, unknown>) =>
  ai("/api/v1/responses", key, { method: "POST", body });

const responsesBody = (tag: string, extra: Record<string, unknown>) => ({
  model: "gpt-4o-mini",
  max_output_tokens: 50,
  input: `tag:${tag}`,
  ...extra,
});

const STORED_STATE: [string, Record<string, unknown>][] = [
  ["background", { background: true }],
  ["previous_response_id", { previous_response_id: "resp_other_module" }],
  ["conversation", { conversation: "conv_other_module" }],
];

describe("Responses fields the gateway cannot bill (background, stored state)", () => {
  for (const [field, extra] of STORED_STATE) {
    it(`native openai/responses refuses ${field}, with no upstream call`, async () => {
      const key = await passthroughKey({ allowed_models: ["openai/gpt-4o-mini"] });
      const tag = newTag();
      const res = await native(key.secret_key, "openai/responses", { body: responsesBody(tag, extra) });
      expect(await expectError(res, 400, "invalid_request")).toMatch(new RegExp(`^${field}:`));
      expect(await upstreamRequests(tag)).toEqual([]);
    });

    it(`unified /responses refuses ${field}, with no upstream call`, async () => {
      const key = await provision({ allowed_models: ["openai/gpt-4o-mini"] });
      const tag = newTag();
      const res = await responses(key.secret_key, { ...responsesBody(tag, extra), model: "openai/gpt-4o-mini" });
      expect(await expectError(res, 400, "invalid_request")).toMatch(new RegExp(`^${field}:`));
      expect(await upstreamRequests(tag)).toEqual([]);
    });
  }
});

const ROUTING: [string, Record<string, unknown>][] = [
  ["models", { models: ["openai/gpt-4o", "anthropic/claude-opus-4"] }],
  ["route", { route: "fallback" }],
  ["provider", { provider: { order: ["openai"], allow_fallbacks: true } }],
];

describe("OpenRouter model routing past the key's model list", () => {
  const ALLOWED = { allowed_models: ["openrouter/openai/gpt-4o-mini"], allow_passthrough: true };
  for (const [field, extra] of ROUTING) {
    const cases: [string, (key: string, tag: string) => Promise<Response>][] = [
      ["unified chat", (key, tag) => chat(key, chatBody("openrouter/openai/gpt-4o-mini", tag, extra))],
      [
        "unified /responses",
        (key, tag) => responses(key, { ...responsesBody(tag, extra), model: "openrouter/openai/gpt-4o-mini" }),
      ],
      [
        "native openrouter/chat/completions",
        (key, tag) =>
          native(key, "openrouter/chat/completions", {
            body: { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: `tag:${tag}` }], ...extra },
          }),
      ],
    ];
    for (const [route, send] of cases) {
      it(`${route} refuses ${field}, with no upstream call`, async () => {
        const key = await provision(ALLOWED);
        const tag = newTag();
        const message = await expectError(await send(key.secret_key, tag), 400, "invalid_request");
        expect(message).toMatch(new RegExp(`^${field}:.*send one model in model`));
        expect(await upstreamRequests(tag)).toEqual([]);
      });
    }
  }
});

describe("service_tier priority (bills above the price table) on the unified routes", () => {
  it("unified chat refuses service_tier priority, with no upstream call", async () => {
    const key = await provision({ allowed_models: ["openai/gpt-4o-mini"] });
    const tag = newTag();
    const res = await chat(key.secret_key, chatBody("openai/gpt-4o-mini", tag, { service_tier: "priority" }));
    expect(await expectError(res, 400, "invalid_request")).toMatch(/^service_tier:/);
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("unified /responses refuses service_tier priority, with no upstream call", async () => {
    const key = await provision({ allowed_models: ["openai/gpt-4o-mini"] });
    const tag = newTag();
    const body = { ...responsesBody(tag, { service_tier: "priority" }), model: "openai/gpt-4o-mini" };
    expect(await expectError(await responses(key.secret_key, body), 400, "invalid_request")).toMatch(/^service_tier:/);
    expect(await upstreamRequests(tag)).toEqual([]);
  });
});

describe("stored prompts on unified /responses (their tools bypass allowed_builtin_tools)", () => {
  it("unified /responses refuses a prompt, with no upstream call", async () => {
    const key = await provision({ allowed_models: ["openai/gpt-4o-mini"] });
    const tag = newTag();
    const body = { ...responsesBody(tag, { prompt: { id: "pmpt_with_web_search" } }), model: "openai/gpt-4o-mini" };
    expect(await expectError(await responses(key.secret_key, body), 400, "invalid_request")).toMatch(/^prompt:/);
    expect(await upstreamRequests(tag)).toEqual([]);
  });

  it("native openai/responses refuses it too, through the same check", async () => {
    const key = await passthroughKey({ allowed_models: ["openai/gpt-4o-mini"] });
    const tag = newTag();
    const body = responsesBody(tag, { prompt: { id: "pmpt_with_web_search" } });
    const res = await native(key.secret_key, "openai/responses", { body });
    expect(await expectError(res, 400, "invalid_request")).toMatch(/^prompt:/);
    expect(await upstreamRequests(tag)).toEqual([]);
  });
});

describe("audio output (the price table prices no model's audio)", () => {
  const AUDIO: [string, Record<string, unknown>][] = [
    ["audio", { audio: { voice: "alloy", format: "wav" } }],
    ["modalities", { modalities: ["text", "audio"] }],
  ];
  for (const [field, extra] of AUDIO) {
    it(`unified chat refuses ${field}, with no upstream call`, async () => {
      const key = await provision({ allowed_models: ["openai/gpt-4o-mini"] });
      const tag = newTag();
      const res = await chat(key.secret_key, chatBody("openai/gpt-4o-mini", tag, extra));
      const message = await expectError(res, 400, "invalid_request");
      expect(message).toMatch(new RegExp(`^${field}: audio output is not offered through this gateway`));
      expect(await upstreamRequests(tag)).toEqual([]);
    });

    it(`native openai/chat/completions refuses ${field}, with no upstream call`, async () => {
      const key = await passthroughKey({ allowed_models: ["openai/gpt-4o-mini"] });
      const tag = newTag();
      const body = { model: "gpt-4o-mini", messages: [{ role: "user", content: `tag:${tag}` }], ...extra };
      const res = await native(key.secret_key, "openai/chat/completions", { body });
      expect(await expectError(res, 400, "invalid_request")).toMatch(new RegExp(`^${field}:`));
      expect(await upstreamRequests(tag)).toEqual([]);
    });
  }

  it('still relays modalities: ["text"]', async () => {
    const key = await provision({ allowed_models: ["openai/gpt-4o-mini"] });
    const tag = newTag();
    const res = await chat(key.secret_key, chatBody("openai/gpt-4o-mini", tag, { modalities: ["text"] }));
    expect(res.status).toBe(200);
    const [sent] = await upstreamRequests(tag);
    expect(JSON.parse(sent?.body ?? "{}").modalities).toEqual(["text"]);
  });
});
