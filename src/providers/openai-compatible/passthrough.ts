import { toolEntries } from "../../passthrough/builtin-tools";
import {
  ENDPOINT_DEFAULTS,
  isJsonObject,
  type JsonObject,
  type ModelList,
  type PassthroughEndpoint,
  type PassthroughSpec,
  type UsageReader,
} from "../../passthrough/endpoint";
import { refuseAudioOutput } from "../../policy/audio-output";
import { type BuiltinUse, builtinOf, chatBuiltinUses } from "../../policy/builtin-tools";
import { refusePricierTier } from "../../policy/service-tier";
import { usageOf } from "./translate";
import type { MaxTokensField, OpenAiWireUsage } from "./wire";

/**
 * The built-in tools an OpenAI-wire body asks for: typed tools other than function/custom ones
 * (as the unified routes name them), `web_search_options`, OpenRouter's plugins and `:online` models.
 */
export function openAiBuiltinTools(body: JsonObject): BuiltinUse[] {
  const uses: BuiltinUse[] = [];
  for (const [index, tool] of toolEntries(body)) {
    const builtin = builtinOf(typeof tool.type === "string" ? tool.type : "untyped");
    if (builtin) uses.push({ tool: builtin, field: `tools.${index}` });
  }
  return [...uses, ...chatBuiltinUses(body, typeof body.model === "string" ? body.model : "")];
}

/** Chat Completions usage, from the answer or from the last chunk (`stream_options.include_usage`). */
export const chatUsage: UsageReader = {
  fromJson: (answer) => usageOf(usageField(answer)),
  fromEvent: (payload, sofar) => usageOf(usageField(payload)) ?? sofar,
};

/** The `usage` object of an OpenAI-wire answer or chunk, if it has one. */
function usageField(value: unknown): OpenAiWireUsage | undefined {
  return isJsonObject(value) && isJsonObject(value.usage) ? (value.usage as OpenAiWireUsage) : undefined;
}

/**
 * `POST chat/completions` for an OpenAI-wire vendor whose output cap is `maxTokensField`;
 * `refuseBody` is the vendor's own refusal (OpenRouter's model routing), checked after the tier.
 */
export function chatCompletionsEndpoint(
  maxTokensField: MaxTokensField,
  refuseBody?: (body: JsonObject) => string | null,
): PassthroughEndpoint {
  return {
    ...ENDPOINT_DEFAULTS,
    name: "chat.completions",
    method: "POST",
    path: "chat/completions",
    model: "body",
    capFields: ["max_tokens", "max_completion_tokens"],
    injectCap: maxTokensField,
    multipliers: ["n", "best_of"],
    stream: "body",
    builtinTools: openAiBuiltinTools,
    refuse: (body) => refusePricierTier(body) ?? refuseAudioOutput(body) ?? refuseBody?.(body) ?? null,
    // A stream reports its tokens only when asked: the gateway asks, so it can count them.
    prepare: (body, streaming) => {
      if (!streaming) return;
      const options = isJsonObject(body.stream_options) ? body.stream_options : {};
      body.stream_options = { ...options, include_usage: true };
    },
    usage: chatUsage,
  };
}

/** OpenAI-shaped model lists (`data[].id`), also Anthropic's. */
export const dataIdList: ModelList = {
  field: "data",
  idOf: (entry) => (typeof entry.id === "string" ? entry.id : null),
};

/** `GET models`: the vendor's model list. */
export const listModelsEndpoint: PassthroughEndpoint = {
  ...ENDPOINT_DEFAULTS,
  name: "models.list",
  method: "GET",
  path: "models",
  model: "none",
  modelList: dataIdList,
};

/** What an OpenAI-wire vendor (Groq, Mistral, OpenRouter) exposes natively: chat and its model list. */
export function openAiWirePassthrough(
  maxTokensField: MaxTokensField,
  refuseBody?: (body: JsonObject) => string | null,
): PassthroughSpec {
  return { endpoints: [chatCompletionsEndpoint(maxTokensField, refuseBody), listModelsEndpoint] };
}
