import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Provisioned, provision } from "../../helpers/api";
import { type NativeInit, native, passthroughKey, RESTRICTED, userTurn } from "../../helpers/passthrough";
import { newTag, upstreamRequests } from "../../helpers/upstream";

/**
 * The attack report, replayed: an outsider with a leaked restricted public key (three models,
 * output cap 100, passthrough on) and each request that reached the provider before. Every
 * one must now be refused with no upstream call. Tags ride in the body (or the query of a
 * GET) so the fake upstream's log shows whether anything got through.
 */
type Attack = {
  name: string;
  key?: "restricted" | "unrestricted";
  path: (tag: string) => string;
  init?: (tag: string) => NativeInit;
  status: number;
  code: string;
};

const chatBody = (tag: string, extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o-mini",
  max_tokens: 50,
  messages: userTurn.openai(tag),
  ...extra,
});

const ATTACKS: Attack[] = [
  { name: "lists OpenAI files", path: (t) => `openai/files?tag=${t}`, status: 403, code: "endpoint_not_allowed" },
  {
    name: "deletes an OpenAI file",
    path: (t) => `openai/files/file-abc?tag=${t}`,
    init: () => ({ method: "DELETE" }),
    status: 403,
    code: "endpoint_not_allowed",
  },
  {
    name: "creates an OpenAI batch",
    path: () => "openai/batches",
    init: (t) => ({
      body: { input_file_id: "file-abc", endpoint: "/v1/chat/completions", metadata: { t: `tag:${t}` } },
    }),
    status: 403,
    code: "endpoint_not_allowed",
  },
  {
    name: "generates images",
    path: () => "openai/images/generations",
    init: (t) => ({ body: { prompt: `tag:${t}`, size: "1024x1024" } }),
    status: 403,
    code: "endpoint_not_allowed",
  },
  {
    name: "mints a realtime client secret",
    path: () => "openai/realtime/sessions",
    init: (t) => ({ body: { voice: "alloy", instructions: `tag:${t}` } }),
    status: 403,
    code: "endpoint_not_allowed",
  },
  {
    name: "embeds with a model outside allowed_models, sent as text/plain",
    path: () => "openai/embeddings",
    init: (t) => ({ body: { model: "text-embedding-3-large", input: `tag:${t}` }, contentType: "text/plain" }),
    status: 403,
    code: "model_not_allowed",
  },
  {
    name: "submits Anthropic message batches with claude-opus-4 and max_tokens 100000",
    path: () => "anthropic/v1/messages/batches",
    init: (t) => ({
      body: {
        requests: [
          {
            custom_id: `tag:${t}`,
            params: { model: "claude-opus-4", max_tokens: 100000, messages: userTurn.anthropic(t) },
          },
        ],
      },
    }),
    status: 403,
    code: "endpoint_not_allowed",
  },
  {
    name: "uses the legacy v1/complete with max_tokens_to_sample 100000",
    path: () => "anthropic/v1/complete",
    init: (t) => ({
      body: { model: "claude-sonnet-4-5", max_tokens_to_sample: 100000, prompt: `\n\nHuman: tag:${t}\n\nAssistant:` },
    }),
    status: 403,
    code: "endpoint_not_allowed",
  },
  {
    name: "deletes a fine-tuned model with an unrestricted key",
    key: "unrestricted",
    path: (t) => `openai/models/ft:gpt-4o-mini:org:custom:abc?tag=${t}`,
    init: () => ({ method: "DELETE" }),
    status: 403,
    code: "endpoint_not_allowed",
  },
  {
    name: "hides chat/completions as chat/%63ompletions with text/plain and a model outside the list",
    path: () => "openai/chat/%63ompletions",
    init: (t) => ({ body: chatBody(t, { model: "gpt-4o", max_tokens: 100000 }), contentType: "text/plain" }),
    status: 403,
    code: "model_not_allowed",
  },
  {
    name: "hides chat/completions as chat/%63ompletions with text/plain and max_tokens 100000",
    path: () => "openai/chat/%63ompletions",
    init: (t) => ({ body: chatBody(t, { max_tokens: 100000 }), contentType: "text/plain" }),
    status: 400,
    code: "invalid_request",
  },
  {
    name: "spells the path Chat/Completions",
    path: () => "openai/Chat/Completions",
    init: (t) => ({ body: chatBody(t, { max_tokens: 100000 }) }),
    status: 403,
    code: "endpoint_not_allowed",
  },
  {
    name: "runs gemini-2.5-pro from the path while the body names gemini-2.5-flash",
    path: () => "gemini/v1beta/models/gemini-2.5-pro:generateContent",
    init: (t) => ({
      body: { model: "gemini-2.5-flash", contents: userTurn.gemini(t), generationConfig: { maxOutputTokens: 50 } },
    }),
    status: 403,
    code: "model_not_allowed",
  },
  {
    name: "spells the Gemini action :GenerateContent with maxOutputTokens 100000",
    path: () => "gemini/v1beta/models/gemini-2.5-flash:GenerateContent",
    init: (t) => ({ body: { contents: userTurn.gemini(t), generationConfig: { maxOutputTokens: 100000 } } }),
    status: 403,
    code: "endpoint_not_allowed",
  },
  {
    name: "multiplies the answer with n: 128",
    path: () => "openai/chat/completions",
    init: (t) => ({ body: chatBody(t, { n: 128 }) }),
    status: 400,
    code: "invalid_request",
  },
  {
    name: "asks the Responses API for its built-in web search",
    path: () => "openai/responses",
    init: (t) => ({
      body: { model: "gpt-4o-mini", input: `tag:${t}`, max_output_tokens: 50, tools: [{ type: "web_search" }] },
    }),
    status: 403,
    code: "endpoint_not_allowed",
  },
  {
    name: "sends max_tokens twice (100000 first, 50 last)",
    path: () => "openai/chat/completions",
    init: (t) => ({
      raw: `{"model":"gpt-4o-mini","max_tokens":100000,"messages":[{"role":"user","content":"tag:${t}"}],"max_tokens":50}`,
    }),
    status: 400,
    code: "invalid_request",
  },
];

describe("the attack report's out-of-policy requests", () => {
  const keys: Record<"restricted" | "unrestricted", Provisioned | null> = { restricted: null, unrestricted: null };
  beforeAll(async () => {
    keys.restricted = await provision(RESTRICTED);
    keys.unrestricted = await passthroughKey();
  });

  for (const attack of ATTACKS) {
    it(`refuses a request that ${attack.name}, with no upstream call`, async () => {
      const tag = newTag();
      const key = keys[attack.key ?? "restricted"]?.secret_key ?? "";
      const res = await native(key, attack.path(tag), attack.init?.(tag));
      const message = await expectError(res, attack.status, attack.code);
      expect(message.length).toBeGreaterThan(10);
      expect(await upstreamRequests(tag)).toEqual([]);
    });
  }
});
