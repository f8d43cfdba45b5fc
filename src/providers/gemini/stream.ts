import { openAiUsage } from "../openai-compatible/translate";
import type { SseEvent } from "../sse";
import { parseEventObject, StreamFault, throwProviderError } from "../stream-fault";
import type { StreamTranslator } from "../stream-pump";
import type { ChatCompletionChunk, TokenUsage } from "../types";
import { geminiFinish, geminiText, geminiToolCalls, geminiUsage } from "./answer";
import type { GeminiResponse } from "./wire";

/**
 * Gemini SSE chunks (each a partial GenerateContentResponse) → OpenAI chunks. Gemini sends each
 * function call whole, so each becomes one tool-call delta carrying id, name and all arguments.
 * Gemini has no end event: the chunk whose candidate carries a `finishReason` is the last one and
 * ends the stream (a prompt blocked outright, with no candidate at all, ends it too).
 */
export function geminiStreamTranslator(publicModel: string): StreamTranslator {
  const id = `chatcmpl-${crypto.randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  let usage: TokenUsage | null = null;
  let first = true;
  let calls = 0;
  const chunk = (fields: Pick<ChatCompletionChunk, "choices"> & Partial<ChatCompletionChunk>) =>
    JSON.stringify({ id, object: "chat.completion.chunk", created, model: publicModel, ...fields });
  return {
    onEvent(event: SseEvent): string[] {
      const object = parseEventObject(event.data);
      throwProviderError(object);
      if (object.candidates !== undefined && !Array.isArray(object.candidates)) {
        throw new StreamFault("sent a chunk whose candidates are not a list.");
      }
      const blocked = (object.promptFeedback as { blockReason?: unknown } | undefined)?.blockReason;
      if (object.candidates === undefined && typeof blocked === "string") {
        return [chunk({ choices: [{ index: 0, delta: {}, finish_reason: "content_filter" }] }), "[DONE]"];
      }
      if (object.candidates === undefined && object.usageMetadata === undefined) {
        throw new StreamFault("sent a stream object that is not a GenerateContentResponse chunk.");
      }
      const parsed = object as GeminiResponse;
      usage = geminiUsage(parsed.usageMetadata) ?? usage;
      const out: string[] = [];
      const text = geminiText(parsed);
      if (text || first) {
        const delta = first ? { role: "assistant" as const, content: text } : { content: text };
        out.push(chunk({ choices: [{ index: 0, delta, finish_reason: null }] }));
        first = false;
      }
      for (const call of geminiToolCalls(parsed)) {
        const toolCall = { index: calls++, ...call };
        out.push(chunk({ choices: [{ index: 0, delta: { tool_calls: [toolCall] }, finish_reason: null }] }));
      }
      const finish = geminiFinish(parsed.candidates?.[0]?.finishReason, calls > 0);
      if (finish) {
        out.push(chunk({ choices: [{ index: 0, delta: {}, finish_reason: finish }] }));
        if (usage) out.push(chunk({ choices: [], usage: openAiUsage(usage) }));
        out.push("[DONE]");
      }
      return out;
    },
    usage: () => usage,
  };
}
