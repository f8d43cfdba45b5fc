import type { ProviderSecret } from "../secret";
import type { ProviderAdapter } from "../types";
import { wireAdapter } from "../wire-adapter";
import { openAiEmbeddings } from "./embeddings";
import { openAiResponses } from "./responses";
import { fromOpenAiResponse, openAiStreamTranslator, toOpenAiRequest } from "./translate";
import type { MaxTokensField } from "./wire";

/** What tells one OpenAI-wire vendor from another; everything else is shared. */
export type OpenAiWireConfig = {
  /** The provider's name, as messages to the client call it. */
  name: string;
  /** The field the vendor reads the output cap from. */
  maxTokensField: MaxTokensField;
  /** Extra fixed headers the vendor wants (never caller-supplied). */
  staticHeaders?: Record<string, string>;
  /** The vendor serves OpenAI's Responses API at `{base}/responses`. */
  responses?: boolean;
  /** The vendor serves embeddings at `{base}/embeddings`. */
  embeddings?: boolean;
};

/** The one adapter for every vendor that speaks OpenAI's Chat Completions wire format. */
export function openAiWireAdapter(config: OpenAiWireConfig): ProviderAdapter {
  const authHeaders = (apiKey: ProviderSecret) => ({ authorization: `Bearer ${apiKey.reveal()}` });
  const adapter: ProviderAdapter = wireAdapter({
    name: config.name,
    url: (_request, baseUrl) => `${baseUrl}/chat/completions`,
    authHeaders,
    staticHeaders: config.staticHeaders,
    toWire: (request) => ({ ok: true, value: toOpenAiRequest(request, config.maxTokensField) }),
    fromWire: fromOpenAiResponse,
    streamTranslator: openAiStreamTranslator,
  });
  const auth = (apiKey: ProviderSecret) => ({ ...config.staticHeaders, ...authHeaders(apiKey) });
  if (config.responses)
    adapter.responses = (request, ctx) => openAiResponses(request, ctx, auth(ctx.apiKey), config.name);
  if (config.embeddings) adapter.embed = (request, ctx) => openAiEmbeddings(request, ctx, auth(ctx.apiKey));
  return adapter;
}
