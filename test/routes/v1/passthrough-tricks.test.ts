import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Provisioned } from "../../helpers/api";
import { type NativeInit, native, passthroughKey, userTurn } from "../../helpers/passthrough";
import { newTag, upstreamRequests } from "../../helpers/upstream";

/**
 * The attack report's tricks tried on every allowlisted endpoint that takes a body: path
 * spellings the provider would still execute, duplicate keys, output caps above the key's,
 * multipliers, extra-billed tools and Gemini's second spelling of fields. Each must be refused
 * with no upstream call.
 */
type Endpoint = {
  name: string;
  /** Provider and path, with `{model}` where Gemini names the model. */
  path: string;
  /** A valid body carrying the tag; `model` is the allowed one for body-model endpoints. */
  body: (tag: string) => Record<string, unknown>;
  model: "body" | "path";
  /** Cap fields as they appear at the top level of the body, or under generationConfig. */
  caps: string[];
  multiplier?: Record<string, unknown>;
  tool?: Record<string, unknown>;
};

const generationConfig = (extra: Record<string, unknown> = {}) => ({ maxOutputTokens: 50, ...extra });

const ENDPOINTS: Endpoint[] = [
  {
    name: "openai chat/completions",
    path: "openai/chat/completions",
    body: (t) => ({ model: "gpt-4o-mini", max_tokens: 50, messages: userTurn.openai(t) }),
    model: "body",
    caps: ["max_tokens", "max_completion_tokens"],
    multiplier: { n: 2 },
    tool: { web_search_options: {} },
  },
  {
    name: "openai responses",
    path: "openai/responses",
    body: (t) => ({ model: "gpt-4o-mini", max_output_tokens: 50, input: `tag:${t}` }),
    model: "body",
    caps: ["max_output_tokens"],
    tool: { tools: [{ type: "file_search", vector_store_ids: ["vs_1"] }] },
  },
  {
    name: "openai embeddings",
    path: "openai/embeddings",
    body: (t) => ({ model: "text-embedding-3-small", input: `tag:${t}` }),
    model: "body",
    caps: [],
  },
  {
    name: "groq chat/completions",
    path: "groq/chat/completions",
    body: (t) => ({ model: "llama-3.1-8b-instant", max_completion_tokens: 50, messages: userTurn.openai(t) }),
    model: "body",
    caps: ["max_tokens", "max_completion_tokens"],
    multiplier: { n: 3 },
    tool: { tools: [{ type: "browser_search" }] },
  },
  {
    name: "anthropic v1/messages",
    path: "anthropic/v1/messages",
    body: (t) => ({ model: "claude-sonnet-4-5", max_tokens: 50, messages: userTurn.anthropic(t) }),
    model: "body",
    caps: ["max_tokens"],
    tool: { tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 50 }] },
  },
  {
    name: "anthropic v1/messages/count_tokens",
    path: "anthropic/v1/messages/count_tokens",
    body: (t) => ({ model: "claude-sonnet-4-5", messages: userTurn.anthropic(t) }),
    model: "body",
    caps: [],
  },
  ...(["generateContent", "streamGenerateContent"] as const).map(
    (action): Endpoint => ({
      name: `gemini :${action}`,
      path: `gemini/v1beta/models/{model}:${action}`,
      body: (t) => ({ contents: userTurn.gemini(t), generationConfig: generationConfig() }),
      model: "path",
      caps: ["generationConfig.maxOutputTokens"],
      multiplier: { generationConfig: generationConfig({ candidateCount: 8 }) },
      tool: { tools: [{ googleSearch: {} }] },
    }),
  ),
  {
    name: "gemini :countTokens",
    path: "gemini/v1beta/models/{model}:countTokens",
    body: (t) => ({ contents: userTurn.gemini(t) }),
    model: "path",
    caps: [],
  },
  {
    name: "gemini :embedContent",
    path: "gemini/v1/models/{model}:embedContent",
    body: (t) => ({ content: { parts: [{ text: `tag:${t}` }] } }),
    model: "path",
    caps: [],
  },
  {
    name: "gemini :batchEmbedContents",
    path: "gemini/v1beta/models/{model}:batchEmbedContents",
    body: (t) => ({ requests: [{ content: { parts: [{ text: `tag:${t}` }] } }] }),
    model: "path",
    caps: [],
  },
];

const ALLOWED: Record<string, string> = {
  openai: "gpt-4o-mini",
  groq: "llama-3.1-8b-instant",
  anthropic: "claude-sonnet-4-5",
  gemini: "gemini-2.5-flash",
};

/** The path with its model filled in, and a variant whose last segment has one letter percent-encoded. */
function pathsOf(endpoint: Endpoint, model: string) {
  const path = endpoint.path.replace("{model}", model);
  // Gemini: the `m` of `models/` (where the model is read from); else the last segment's first letter.
  const encoded = path.includes("/models/")
    ? path.replace("/models/", "/%6dodels/")
    : path.replace(
        /([a-z])([^/]*)$/,
        (_m, first: string, rest: string) => `%${first.charCodeAt(0).toString(16)}${rest}`,
      );
  // Gemini's action (`:GenerateContent`), else the last segment's first letter (`Completions`).
  const cased = path.includes(":")
    ? path.replace(/:([a-z])/, (_m, first: string) => `:${first.toUpperCase()}`)
    : path.replace(/([a-z])([^/]*)$/, (_m, first: string, rest: string) => `${first.toUpperCase()}${rest}`);
  // Gemini's action with its first letter encoded (`:%67enerateContent`), where the action is read.
  const encodedAction = path.includes(":")
    ? path.replace(/:([a-z])/, (_m, c: string) => `:%${c.charCodeAt(0).toString(16)}`)
    : encoded;
  return { path, encoded, encodedAction, cased };
}

type Trick = { name: string; path: string; init: NativeInit; status: number; code: string };

/** The tricks for one endpoint, each carrying the tag. */
function tricksFor(endpoint: Endpoint, tag: string): Trick[] {
  const provider = endpoint.path.split("/")[0] ?? "";
  const allowed = ALLOWED[provider] ?? "";
  const good = pathsOf(endpoint, allowed);
  const body = endpoint.body(tag);
  const json = JSON.stringify(body);
  const tricks: Trick[] = [
    { name: "Capitalised path", path: good.cased, init: { body }, status: 403, code: "endpoint_not_allowed" },
  ];
  if (endpoint.model === "body") {
    tricks.push(
      {
        name: "percent-encoded path, text/plain, a model outside the list",
        path: good.encoded,
        init: { body: { ...body, model: "forbidden-model" }, contentType: "text/plain" },
        status: 403,
        code: "model_not_allowed",
      },
      {
        name: "a forbidden model first and the allowed one repeated last",
        path: good.path,
        init: { raw: `{"model":"forbidden-model",${json.slice(1)}` },
        status: 400,
        code: "invalid_request",
      },
      {
        name: "the duplicate spelled with a JSON escape",
        path: good.path,
        init: { raw: `{"\\u006dodel":"forbidden-model",${json.slice(1)}` },
        status: 400,
        code: "invalid_request",
      },
    );
  } else {
    tricks.push(
      {
        name: "percent-encoded models/ segment, a path model outside the list, the allowed one in the body",
        path: pathsOf(endpoint, "gemini-2.5-pro").encoded,
        init: { body: { ...body, model: allowed } },
        status: 403,
        code: "model_not_allowed",
      },
      {
        name: "a body model (Gemini runs the path's)",
        path: good.path,
        init: { body: { ...body, model: allowed } },
        status: 400,
        code: "invalid_request",
      },
    );
  }
  for (const cap of endpoint.caps) {
    const over = cap.startsWith("generationConfig.")
      ? { ...body, generationConfig: generationConfig({ maxOutputTokens: 100000 }) }
      : { ...body, [cap]: 100000 };
    tricks.push({
      name: `${cap} 100000 behind a percent-encoded path`,
      path: good.encodedAction,
      init: { body: over },
      status: 400,
      code: "invalid_request",
    });
  }
  if (endpoint.caps.includes("generationConfig.maxOutputTokens")) {
    tricks.push({
      name: "the cap's snake_case spelling beside the checked one",
      path: good.path,
      init: { body: { ...body, generation_config: { max_output_tokens: 100000 } } },
      status: 400,
      code: "invalid_request",
    });
  }
  if (endpoint.multiplier) {
    const init = { body: { ...body, ...endpoint.multiplier } };
    tricks.push({ name: "a multiplier above 1", path: good.path, init, status: 400, code: "invalid_request" });
  }
  if (endpoint.tool) {
    const init = { body: { ...body, ...endpoint.tool } };
    tricks.push({
      name: "an extra-billed built-in tool",
      path: good.path,
      init,
      status: 403,
      code: "endpoint_not_allowed",
    });
  }
  return tricks;
}

describe("every allowlisted endpoint under the attack report's tricks", () => {
  let key: Provisioned | null = null;
  beforeAll(async () => {
    key = await passthroughKey({
      max_output_tokens: 100,
      allowed_models: [
        ...Object.entries(ALLOWED).map(([provider, model]) => `${provider}/${model}`),
        "openai/text-embedding-3-small",
      ],
    });
  });

  for (const endpoint of ENDPOINTS) {
    for (const trick of tricksFor(endpoint, "sample")) {
      it(`${endpoint.name}: refuses ${trick.name}, with no upstream call`, async () => {
        const tag = newTag();
        const live = tricksFor(endpoint, tag).find((t) => t.name === trick.name);
        if (!live) throw new Error(`no trick named ${trick.name}`);
        const res = await native(key?.secret_key ?? "", live.path, live.init);
        await expectError(res, live.status, live.code);
        expect(await upstreamRequests(tag)).toEqual([]);
      });
    }
  }
});
