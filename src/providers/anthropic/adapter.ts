import { jsonResult } from "../result";
import type { ProviderSecret } from "../secret";
import { pumpStream } from "../stream-pump";
import type { AdapterContext, ChatRequest, ChatResult, Outcome, ProviderAdapter } from "../types";
import { openUpstream, readJson } from "../upstream";
import { anthropicStreamTranslator, fromAnthropicResponse, toAnthropicRequest } from "./translate";
import { ANTHROPIC_VERSION } from "./wire";

const authHeaders = (apiKey: ProviderSecret) => ({ "x-api-key": apiKey.reveal() });

/** Anthropic's Messages API behind the OpenAI shape. */
export const anthropicAdapter: ProviderAdapter = {
  authHeaders,
  async chat(request: ChatRequest, ctx: AdapterContext): Promise<Outcome<ChatResult>> {
    const opened = await openUpstream(
      `${ctx.baseUrl}/v1/messages`,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: request.stream ? "text/event-stream" : "application/json",
          "anthropic-version": ANTHROPIC_VERSION,
          ...authHeaders(ctx.apiKey),
        },
        body: JSON.stringify(toAnthropicRequest(request)),
      },
      ctx,
    );
    if (!opened.ok) return opened;
    if (request.stream) {
      return pumpStream(opened.value, anthropicStreamTranslator(request.publicModel), "anthropic");
    }
    const json = await readJson(opened.value);
    if (!json.ok) return json;
    return jsonResult(fromAnthropicResponse(json.value, request.publicModel));
  },
};
