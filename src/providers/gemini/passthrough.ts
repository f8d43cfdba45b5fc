import { toolEntries } from "../../passthrough/builtin-tools";
import {
  ENDPOINT_DEFAULTS,
  isJsonObject,
  type JsonObject,
  type PassthroughEndpoint,
  type PassthroughSpec,
  type UsageReader,
} from "../../passthrough/endpoint";
import type { BuiltinUse } from "../../policy/builtin-tools";
import type { TokenUsage } from "../types";
import { geminiUsage } from "./answer";
import type { GeminiUsage } from "./wire";

/** Gemini tool keys (both JSON spellings Gemini accepts), mapped to `allowed_builtin_tools` names. */
const GEMINI_TOOL_NAMES: Record<string, string | null> = {
  functionDeclarations: null,
  function_declarations: null,
  googleSearch: "web_search",
  google_search: "web_search",
  googleSearchRetrieval: "web_search",
  google_search_retrieval: "web_search",
  enterpriseWebSearch: "web_search",
  enterprise_web_search: "web_search",
  urlContext: "web_fetch",
  url_context: "web_fetch",
  codeExecution: "code_interpreter",
  code_execution: "code_interpreter",
  fileSearch: "file_search",
  file_search: "file_search",
  googleMaps: "google_maps",
  google_maps: "google_maps",
  computerUse: "computer_use",
  computer_use: "computer_use",
};

function geminiBuiltinTools(body: JsonObject): BuiltinUse[] {
  const uses: BuiltinUse[] = [];
  for (const [index, tool] of toolEntries(body)) {
    for (const key of Object.keys(tool)) {
      const name = Object.hasOwn(GEMINI_TOOL_NAMES, key) ? GEMINI_TOOL_NAMES[key] : key;
      if (name) uses.push({ tool: name, field: `tools.${index}.${key}` });
    }
  }
  return uses;
}

/**
 * Gemini's JSON also accepts snake_case spellings of every field, which a check of the
 * camelCase field would not see; and it runs the model in the path, whatever a body says.
 */
function refuseGenerate(body: JsonObject): string | null {
  if (body.model !== undefined) return "model: Gemini runs the model named in the path; remove model from the body.";
  if (body.generation_config !== undefined) return "generation_config: spell it generationConfig.";
  const config = body.generationConfig;
  if (isJsonObject(config)) {
    for (const alias of ["max_output_tokens", "candidate_count"]) {
      if (config[alias] !== undefined) return `generationConfig.${alias}: use the camelCase spelling.`;
    }
  }
  return null;
}

/** Requests that name a model too (embeddings, batch items, token counts) must name the path's. */
function refuseOtherModel(items: Array<[label: string, item: unknown]>, pathModel: string | null): string | null {
  for (const [label, item] of items) {
    if (!isJsonObject(item) || item.model === undefined || item.model === `models/${pathModel}`) continue;
    return `${label}: must be models/${pathModel}, the model in the path.`;
  }
  return null;
}

const usageField = (value: unknown): TokenUsage | null =>
  isJsonObject(value) && isJsonObject(value.usageMetadata) ? geminiUsage(value.usageMetadata as GeminiUsage) : null;

/** Each chunk repeats the running totals; an unstreamed JSON array of chunks ends with them. */
const generateUsage: UsageReader = {
  fromJson: (answer) => (Array.isArray(answer) ? usageField(answer.at(-1)) : usageField(answer)),
  fromEvent: (payload, sofar) => usageField(payload) ?? sofar,
};

function modelAction(version: string, action: string): Pick<PassthroughEndpoint, "name" | "method" | "path" | "model"> {
  return { name: `models.${action}`, method: "POST", path: `${version}/models/{model}:${action}`, model: "path" };
}

function versionEndpoints(version: "v1beta" | "v1"): PassthroughEndpoint[] {
  const generate = {
    ...ENDPOINT_DEFAULTS,
    capFields: ["generationConfig.maxOutputTokens"],
    injectCap: "generationConfig.maxOutputTokens",
    multipliers: ["generationConfig.candidateCount"],
    builtinTools: geminiBuiltinTools,
    refuse: refuseGenerate,
    usage: generateUsage,
  };
  return [
    { ...generate, ...modelAction(version, "generateContent") },
    { ...generate, ...modelAction(version, "streamGenerateContent"), stream: "always", query: ["alt"] },
    {
      ...ENDPOINT_DEFAULTS,
      ...modelAction(version, "countTokens"),
      refuse: (body, pathModel) =>
        refuseGenerate(body) ??
        (isJsonObject(body.generateContentRequest)
          ? refuseOtherModel([["generateContentRequest.model", body.generateContentRequest]], pathModel)
          : null),
    },
    {
      ...ENDPOINT_DEFAULTS,
      ...modelAction(version, "embedContent"),
      // Embedding requests name their model in the body too; it may only repeat the path's.
      refuse: (body, pathModel) => refuseOtherModel([["model", body]], pathModel),
    },
    {
      ...ENDPOINT_DEFAULTS,
      ...modelAction(version, "batchEmbedContents"),
      refuse: (body, pathModel) =>
        refuseGenerate(body) ??
        (Array.isArray(body.requests)
          ? refuseOtherModel(
              body.requests.map((item, i) => [`requests[${i}].model`, item]),
              pathModel,
            )
          : null),
    },
    {
      ...ENDPOINT_DEFAULTS,
      name: "models.list",
      method: "GET",
      path: `${version}/models`,
      model: "none",
      query: ["pageSize", "pageToken"],
      modelList: {
        field: "models",
        idOf: (entry) => (typeof entry.name === "string" ? entry.name.replace(/^models\//, "") : null),
      },
    },
  ];
}

/**
 * Gemini's native endpoints open to a key with `allow_passthrough`, in both API versions:
 * generate (plain and streamed), count tokens, embed, and the model list. Files, cached
 * contents, tuned models, batches and model deletion stay closed.
 */
export const geminiPassthrough: PassthroughSpec = {
  endpoints: [...versionEndpoints("v1beta"), ...versionEndpoints("v1")],
};
