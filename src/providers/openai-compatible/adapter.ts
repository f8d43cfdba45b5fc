import { jsonResult } from "../result";
import type { ProviderSecret } from "../secret";
import { pumpStream } from "../stream-pump";
import type { AdapterContext, ChatRequest, ChatResult, Outcome, ProviderAdapter } from "../types";
import { openUpstream, readJson } from "../upstream";
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
};

/** The one adapter for every vendor that speaks OpenAI's Chat Completions wire format. */
export function openAiWireAdapter(config: OpenAiWireConfig): ProviderAdapter {
  const authHeaders = (apiKey: ProviderSecret) => ({ authorization: `Bearer ${apiKey.reveal()}` });
  return {
    authHeaders,
    async chat(request: ChatRequest, ctx: AdapterContext): Promise<Outcome<ChatResult>> {
      const opened = await openUpstream(
        `${ctx.baseUrl}/chat/completions`,
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: request.stream ? "text/event-stream" : "application/json",
            ...config.staticHeaders,
            ...authHeaders(ctx.apiKey),
          },
          body: JSON.stringify(toOpenAiRequest(request, config.maxTokensField)),
        },
        ctx,
      );
      if (!opened.ok) return opened;
      if (request.stream) {
        return pumpStream(opened.value, openAiStreamTranslator(request.publicModel), config.name);
      }
      const json = await readJson(opened.value);
      if (!json.ok) return json;
      return jsonResult(fromOpenAiResponse(json.value, request.publicModel));
    },
  };
}
