import { wireAdapter } from "../wire-adapter";
import { fromGeminiResponse, geminiStreamTranslator, toGeminiRequest } from "./translate";

/** Gemini's generateContent / streamGenerateContent behind the OpenAI shape. */
export const geminiAdapter = wireAdapter({
  url: (request, baseUrl) => {
    const model = encodeURIComponent(request.model);
    return request.stream
      ? `${baseUrl}/v1beta/models/${model}:streamGenerateContent?alt=sse`
      : `${baseUrl}/v1beta/models/${model}:generateContent`;
  },
  // The key goes in a header, never in the `?key=` query string, which ends up in logs and traces.
  authHeaders: (apiKey) => ({ "x-goog-api-key": apiKey.reveal() }),
  toWire: toGeminiRequest,
  fromWire: fromGeminiResponse,
  streamTranslator: geminiStreamTranslator,
});
