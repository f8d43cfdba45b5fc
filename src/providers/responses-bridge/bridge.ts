import type { AdapterContext, Outcome, ProviderAdapter, ResponsesRequest, ResponsesResult } from "../types";
import { fromChatCompletion } from "./response-object";
import { chatStreamToResponses } from "./stream";
import { toChatBody } from "./to-chat";

/**
 * The Responses API for a provider that speaks only Chat Completions (through its adapter, so
 * Anthropic and Gemini get their own translations): the request becomes a chat, the answer (or
 * its stream) becomes a response object (or the Responses event stream).
 */
export function bridgedResponses(adapter: ProviderAdapter) {
  return async (request: ResponsesRequest, ctx: AdapterContext): Promise<Outcome<ResponsesResult>> => {
    const body = toChatBody(request.body);
    if (!body.ok) return { ok: false, failure: { kind: "unsupported", message: body.message } };
    const chat = {
      model: request.model,
      publicModel: request.publicModel,
      body: body.value,
      maxTokens: request.maxOutputTokens,
      stream: request.stream,
    };
    const outcome = await adapter.chat(chat, ctx);
    if (!outcome.ok) return outcome;
    const result = outcome.value;
    if (result.kind === "stream") {
      const body = chatStreamToResponses(result.body, request.publicModel);
      return { ok: true, value: { ...result, body } };
    }
    const response = fromChatCompletion(result.completion, request.publicModel, result.usage);
    return { ok: true, value: { kind: "json", response, usage: result.usage } };
  };
}
