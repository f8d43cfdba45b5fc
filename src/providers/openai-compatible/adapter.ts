import type { ProviderAdapter } from "../types";
import { wireAdapter } from "../wire-adapter";
import { fromOpenAiResponse, openAiStreamTranslator, toOpenAiRequest } from "./translate";
import type { MaxTokensField } from "./wire";

/** What tells one OpenAI-wire vendor from another; everything else is shared. */
export type OpenAiWireConfig = {
  /** The field the vendor reads the output cap from. */
  maxTokensField: MaxTokensField;
  /** Extra fixed headers the vendor wants (never caller-supplied). */
  staticHeaders?: Record<string, string>;
};

/** The one adapter for every vendor that speaks OpenAI's Chat Completions wire format. */
export function openAiWireAdapter(config: OpenAiWireConfig): ProviderAdapter {
  return wireAdapter({
    url: (_request, baseUrl) => `${baseUrl}/chat/completions`,
    authHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey.reveal()}` }),
    staticHeaders: config.staticHeaders,
    toWire: (request) => toOpenAiRequest(request, config.maxTokensField),
    fromWire: fromOpenAiResponse,
    streamTranslator: openAiStreamTranslator,
  });
}
