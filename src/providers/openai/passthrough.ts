import { ENDPOINT_DEFAULTS, isJsonObject, type PassthroughSpec, type UsageReader } from "../../passthrough/endpoint";
import { refuseStoredPrompt, refuseStoredState } from "../../policy/responses-state";
import { refusePricierTier } from "../../policy/service-tier";
import { chatCompletionsEndpoint, listModelsEndpoint, openAiBuiltinTools } from "../openai-compatible/passthrough";
import type { TokenUsage } from "../types";

/** Responses API usage (`input_tokens`, `output_tokens`), on the answer or its final `response.*` event. */
function responsesUsage(response: unknown): TokenUsage | null {
  if (!isJsonObject(response) || !isJsonObject(response.usage)) return null;
  const { input_tokens, output_tokens } = response.usage;
  if (typeof input_tokens !== "number") return null;
  return { promptTokens: input_tokens, completionTokens: typeof output_tokens === "number" ? output_tokens : 0 };
}

const responsesReader: UsageReader = {
  fromJson: responsesUsage,
  fromEvent: (payload, sofar) => (isJsonObject(payload) ? responsesUsage(payload.response) : null) ?? sofar,
};

/** Embeddings report prompt tokens only. */
const embeddingsReader: UsageReader = {
  fromJson: (answer) => {
    if (!isJsonObject(answer) || !isJsonObject(answer.usage)) return null;
    const prompt = answer.usage.prompt_tokens;
    return typeof prompt === "number" ? { promptTokens: prompt, completionTokens: 0 } : null;
  },
  fromEvent: (_payload, sofar) => sofar,
};

/**
 * OpenAI's native endpoints open to a key with `allow_passthrough`: generation (Chat
 * Completions, Responses), embeddings and the model list. Files, batches, fine-tuning,
 * images, audio, realtime sessions, assistants, vector stores and every delete stay closed.
 */
export const openAiPassthrough: PassthroughSpec = {
  endpoints: [
    chatCompletionsEndpoint("max_completion_tokens"),
    {
      ...ENDPOINT_DEFAULTS,
      name: "responses",
      method: "POST",
      path: "responses",
      model: "body",
      capFields: ["max_output_tokens"],
      injectCap: "max_output_tokens",
      stream: "body",
      builtinTools: openAiBuiltinTools,
      refuse: (body) => refuseStoredPrompt(body) ?? refuseStoredState(body) ?? refusePricierTier(body),
      usage: responsesReader,
    },
    {
      ...ENDPOINT_DEFAULTS,
      name: "embeddings",
      method: "POST",
      path: "embeddings",
      model: "body",
      usage: embeddingsReader,
    },
    listModelsEndpoint,
  ],
};
