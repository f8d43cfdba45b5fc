import { jsonResult } from "../result";
import type { ProviderSecret } from "../secret";
import { pumpStream } from "../stream-pump";
import type { AdapterContext, ChatRequest, ChatResult, Outcome, ProviderAdapter } from "../types";
import { openUpstream, readJson } from "../upstream";
import { fromGeminiResponse } from "./answer";
import { geminiStreamTranslator } from "./stream";
import { toGeminiRequest } from "./translate";

// The key goes in a header, never in the `?key=` query string, which ends up in logs and traces.
const authHeaders = (apiKey: ProviderSecret) => ({ "x-goog-api-key": apiKey.reveal() });

/** Gemini's generateContent / streamGenerateContent behind the OpenAI shape. */
export const geminiAdapter: ProviderAdapter = {
  authHeaders,
  async chat(request: ChatRequest, ctx: AdapterContext): Promise<Outcome<ChatResult>> {
    const wire = toGeminiRequest(request);
    if (!wire.ok) return { ok: false, failure: { kind: "unsupported", message: wire.message } };
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
        body: JSON.stringify(wire.value),
      },
      ctx,
    );
    if (!opened.ok) return opened;
    if (request.stream) {
      const { body, usage } = pumpStream(opened.value, geminiStreamTranslator(request.publicModel));
      return { ok: true, value: { kind: "stream", body, usage } };
    }
    const json = await readJson(opened.value, ctx.signal);
    if (!json.ok) return json;
    return jsonResult(fromGeminiResponse(json.value, request.publicModel));
  },
};
