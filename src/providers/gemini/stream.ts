import { openAiUsage } from "../openai-compatible/translate";
import type { SseEvent } from "../sse";
import type { StreamTranslator } from "../stream-pump";
import type { ChatCompletionChunk, TokenUsage } from "../types";
import { geminiFinish, geminiText, geminiToolCalls, geminiUsage } from "./answer";
import type { GeminiResponse } from "./wire";

/**
 * Gemini SSE chunks (each a partial GenerateContentResponse) → OpenAI chunks. Gemini sends each
 * function call whole, so each becomes one tool-call delta carrying id, name and all arguments.
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
      let parsed: GeminiResponse & { error?: { message?: string } };
      try {
        parsed = JSON.parse(event.data) as GeminiResponse & { error?: { message?: string } };
      } catch {
        return [];
      }
      if (parsed.error) {
        const message = parsed.error.message ?? "The provider stream failed.";
        return [JSON.stringify({ error: { code: "upstream_error", message } }), "[DONE]"];
      }
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
      }
      return out;
    },
    usage: () => usage,
  };
}
