import type { SseEvent } from "../sse";
import { isJsonObject, parseEventObject, StreamFault, throwProviderError } from "../stream-fault";
import type { StreamTranslator } from "../stream-pump";
import type { ChatCompletion, ChatRequest, FinishReason, TokenUsage } from "../types";
import type { MaxTokensField, OpenAiWireChunk, OpenAiWireRequest, OpenAiWireResponse, OpenAiWireUsage } from "./wire";

/**
 * The outbound body for an OpenAI-wire vendor: every field the caller sent, unchanged, except
 * the model (the vendor's own name), the output cap (always set, in the vendor's field) and,
 * when streaming, `stream_options.include_usage` (so the usage can be counted).
 */
export function toOpenAiRequest(request: ChatRequest, maxTokensField: MaxTokensField): OpenAiWireRequest {
  const { max_tokens: _max, max_completion_tokens: _maxCompletion, stream_options, ...rest } = request.body;
  const body: OpenAiWireRequest = {
    ...rest,
    model: request.model,
    [maxTokensField]: request.maxTokens,
    stream: request.stream,
  };
  if (request.stream) body.stream_options = { ...stream_options, include_usage: true };
  return body;
}

export function usageOf(usage: OpenAiWireUsage | null | undefined): TokenUsage | null {
  if (!usage || typeof usage.prompt_tokens !== "number") return null;
  return { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens ?? 0 };
}

const FINISH: Record<string, FinishReason> = {
  stop: "stop",
  length: "length",
  content_filter: "content_filter",
  tool_calls: "tool_calls",
  function_call: "tool_calls",
};

export function finishOf(reason: string | null | undefined): FinishReason {
  return reason ? (FINISH[reason] ?? "stop") : null;
}

/**
 * An OpenAI-wire response in the gateway's answer shape (every field the vendor sent kept, the
 * model renamed to the caller's id), or null when it is not one.
 */
export function fromOpenAiResponse(json: unknown, publicModel: string): ChatCompletion | null {
  if (typeof json !== "object" || json === null) return null;
  const wire = json as OpenAiWireResponse;
  if (!Array.isArray(wire.choices)) return null;
  const usage = usageOf(wire.usage);
  return {
    ...wire,
    id: wire.id ?? `chatcmpl-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: wire.created ?? Math.floor(Date.now() / 1000),
    model: publicModel,
    choices: wire.choices.map((c, i) => ({
      ...c,
      index: c.index ?? i,
      message: { ...c.message, role: "assistant" as const, content: c.message?.content ?? null },
      finish_reason: finishOf(c.finish_reason),
    })),
    ...(usage ? { usage: { ...wire.usage, ...openAiUsage(usage) } } : {}),
  } as ChatCompletion;
}

export function openAiUsage(usage: TokenUsage) {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

/** A chunk of OpenAI's shape: `choices` an array of objects whose `delta`, when present, is an object. */
function assertChunk(chunk: Record<string, unknown>): asserts chunk is OpenAiWireChunk & Record<string, unknown> {
  const choices = chunk.choices;
  if (!Array.isArray(choices)) throw new StreamFault("sent a stream object that is not a chat completion chunk.");
  for (const choice of choices) {
    if (!isJsonObject(choice) || (choice.delta !== undefined && choice.delta !== null && !isJsonObject(choice.delta))) {
      throw new StreamFault("sent a chunk whose choices are not of the chat completion shape.");
    }
  }
}

/**
 * Re-emits an OpenAI-wire stream with the gateway's model id, noting usage as it passes. One
 * parse and one serialisation per chunk; `[DONE]` is the end marker; an error object, a line
 * that is not JSON or an object that is not a chunk is a StreamFault.
 */
export function openAiStreamTranslator(publicModel: string): StreamTranslator {
  let usage: TokenUsage | null = null;
  return {
    onEvent(event: SseEvent): string[] {
      const data = event.data.trim();
      if (data === "[DONE]") return ["[DONE]"];
      const chunk = parseEventObject(data);
      throwProviderError(chunk);
      assertChunk(chunk);
      usage = usageOf(chunk.usage) ?? usage;
      chunk.model = publicModel;
      return [JSON.stringify(chunk)];
    },
    usage: () => usage,
  };
}
