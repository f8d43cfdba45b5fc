import { jsonResult } from "../result";
import type { ProviderSecret } from "../secret";
import { pumpStream } from "../stream-pump";
import type { AdapterContext, ChatRequest, ChatResult, Outcome, ProviderAdapter } from "../types";
import { openUpstream, readJson } from "../upstream";
import { fromGeminiResponse, geminiStreamTranslator, toGeminiRequest } from "./translate";

// The key goes in a header, never in the `?key=` query string, which ends up in logs and traces.
const authHeaders = (apiKey: ProviderSecret) => ({ "x-goog-api-key": apiKey.reveal() });

/** Gemini's generateContent / streamGenerateContent behind the OpenAI shape. */
export const geminiAdapter: ProviderAdapter = {
  authHeaders,
  async chat(request: ChatRequest, ctx: AdapterContext): Promise<Outcome<ChatResult>> {
    const model = encodeURIComponent(request.model);
    const url = request.stream
      ? `${ctx.baseUrl}/v1beta/models/${model}:streamGenerateContent?alt=sse`
      : `${ctx.baseUrl}/v1beta/models/${model}:generateContent`;
    const opened = await openUpstream(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: request.stream ? "text/event-stream" : "application/json",
          ...authHeaders(ctx.apiKey),
        },
        body: JSON.stringify(toGeminiRequest(request)),
      },
      ctx,
    );
    if (!opened.ok) return opened;
    if (request.stream) {
      return pumpStream(opened.value, geminiStreamTranslator(request.publicModel), "gemini");
    }
    const json = await readJson(opened.value);
    if (!json.ok) return json;
    return jsonResult(fromGeminiResponse(json.value, request.publicModel));
  },
};
