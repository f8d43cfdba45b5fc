import { openAiUsage } from "../openai-compatible/translate";
import type { SseEvent } from "../sse";
import { parseEventObject, StreamFault, throwProviderError } from "../stream-fault";
import type { StreamTranslator } from "../stream-pump";
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, FinishReason, TokenUsage } from "../types";
import type { GeminiContent, GeminiRequest, GeminiResponse, GeminiUsage } from "./wire";

/**
 * OpenAI chat → Gemini generateContent: system messages become `systemInstruction`, assistant
 * turns are `model` turns (consecutive turns of one role joined), sampling fields move into
 * `generationConfig` with the output cap always set.
 */
export function toGeminiRequest(request: ChatRequest): GeminiRequest {
  const system: string[] = [];
  const contents: GeminiContent[] = [];
  for (const m of request.messages) {
    if (m.role === "system" || m.role === "developer") {
      system.push(m.content);
      continue;
    }
    const role = m.role === "assistant" ? "model" : "user";
    const last = contents[contents.length - 1];
    if (last && last.role === role) last.parts.push({ text: m.content });
    else contents.push({ role, parts: [{ text: m.content }] });
  }
  const body: GeminiRequest = { contents, generationConfig: { maxOutputTokens: request.maxTokens } };
  if (system.length > 0) body.systemInstruction = { parts: system.map((text) => ({ text })) };
  if (request.temperature !== undefined) body.generationConfig.temperature = request.temperature;
  if (request.topP !== undefined) body.generationConfig.topP = request.topP;
  if (request.stop !== undefined) body.generationConfig.stopSequences = request.stop;
  return body;
}

const FINISH: Record<string, FinishReason> = {
  STOP: "stop",
  MAX_TOKENS: "length",
  SAFETY: "content_filter",
  RECITATION: "content_filter",
  BLOCKLIST: "content_filter",
  PROHIBITED_CONTENT: "content_filter",
  SPII: "content_filter",
};

export function geminiFinish(reason: string | undefined): FinishReason {
  return reason ? (FINISH[reason] ?? "stop") : null;
}

/** Gemini counts thinking tokens apart; both are billed as output. */
export function geminiUsage(usage: GeminiUsage | undefined): TokenUsage | null {
  if (!usage || typeof usage.promptTokenCount !== "number") return null;
  return {
    promptTokens: usage.promptTokenCount,
    completionTokens: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
  };
}

function textOf(response: GeminiResponse): string {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.map((p) => (p.thought ? "" : (p.text ?? ""))).join("");
}

/** A Gemini response in OpenAI's completion shape, or null when the body is not one. */
export function fromGeminiResponse(json: unknown, publicModel: string): ChatCompletion | null {
  if (typeof json !== "object" || json === null) return null;
  const wire = json as GeminiResponse;
  if (!Array.isArray(wire.candidates)) return null;
  const usage = geminiUsage(wire.usageMetadata);
  return {
    id: wire.responseId ? `chatcmpl-${wire.responseId}` : `chatcmpl-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: publicModel,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: textOf(wire) },
        finish_reason: geminiFinish(wire.candidates[0]?.finishReason),
      },
    ],
    ...(usage ? { usage: openAiUsage(usage) } : {}),
  };
}

/**
 * Gemini SSE chunks (each a partial GenerateContentResponse) → OpenAI chunks. Gemini has no end
 * event: the chunk whose candidate carries a `finishReason` is the last one, and ends the stream.
 */
export function geminiStreamTranslator(publicModel: string): StreamTranslator {
  const id = `chatcmpl-${crypto.randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  let usage: TokenUsage | null = null;
  let first = true;
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
        // A blocked prompt gets no candidate at all: that is the end of the stream, and its reason.
        return [chunk({ choices: [{ index: 0, delta: {}, finish_reason: "content_filter" }] }), "[DONE]"];
      }
      if (object.candidates === undefined && object.usageMetadata === undefined) {
        throw new StreamFault("sent a stream object that is not a GenerateContentResponse chunk.");
      }
      const parsed = object as GeminiResponse;
      usage = geminiUsage(parsed.usageMetadata) ?? usage;
      const out: string[] = [];
      const text = textOf(parsed);
      const finish = geminiFinish(parsed.candidates?.[0]?.finishReason);
      if (text || first) {
        out.push(
          chunk({
            choices: [
              {
                index: 0,
                delta: first ? { role: "assistant", content: text } : { content: text },
                finish_reason: null,
              },
            ],
          }),
        );
        first = false;
      }
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
