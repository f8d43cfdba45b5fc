import type { ProviderSecret } from "../secret";
import type { ProviderAdapter } from "../types";
import { wireAdapter } from "../wire-adapter";
import { fromGeminiResponse } from "./answer";
import { geminiEmbed } from "./embeddings";
import { geminiStreamTranslator } from "./stream";
import { toGeminiRequest } from "./translate";

// The key goes in a header, never in the `?key=` query string, which ends up in logs and traces.
const authHeaders = (apiKey: ProviderSecret) => ({ "x-goog-api-key": apiKey.reveal() });

/** Gemini's generateContent / streamGenerateContent (and embeddings) behind the OpenAI shape. */
const chatAdapter = wireAdapter({
  name: "gemini",
  url: (request, baseUrl) => {
    const model = encodeURIComponent(request.model);
    return request.stream
      ? `${baseUrl}/v1beta/models/${model}:streamGenerateContent?alt=sse`
      : `${baseUrl}/v1beta/models/${model}:generateContent`;
  },
  authHeaders,
  toWire: toGeminiRequest,
  fromWire: fromGeminiResponse,
  streamTranslator: geminiStreamTranslator,
});

export const geminiAdapter: ProviderAdapter = {
  ...chatAdapter,
  embed: (request, ctx) => geminiEmbed(request, ctx, authHeaders(ctx.apiKey)),
};
