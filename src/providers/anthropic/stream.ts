import { openAiUsage } from "../openai-compatible/translate";
import type { SseEvent } from "../sse";
import { isJsonObject, parseEventObject, StreamFault, throwProviderError } from "../stream-fault";
import type { StreamTranslator } from "../stream-pump";
import type { ChatCompletionChunk, FinishReason, TokenUsage } from "../types";
import { anthropicFinish } from "./answer";
import type { AnthropicStreamEvent } from "./wire";

type Delta = ChatCompletionChunk["choices"][number]["delta"];

/** Event types whose translation reads an object field, and that field. */
const NEEDS: Record<string, string> = {
  message_start: "message",
  content_block_start: "content_block",
  content_block_delta: "delta",
  message_delta: "delta",
};

/**
 * Checks one parsed event against the shape the translator relies on: a string `type`, the
 * provider's `error` event thrown as a StreamFault, and the objects the translated types carry.
 */
function asStreamEvent(event: Record<string, unknown>): AnthropicStreamEvent {
  if (typeof event.type !== "string") throw new StreamFault("sent a stream object without an event type.");
  if (event.type === "error") throwProviderError(event);
  const field = NEEDS[event.type];
  if (field && !isJsonObject(event[field])) {
    throw new StreamFault(`sent a ${event.type} event without its ${field} object.`);
  }
  return event as AnthropicStreamEvent;
}

/**
 * Anthropic stream events → OpenAI chunks, translated as they arrive: `text_delta` becomes
 * content, a `tool_use` block start becomes a tool-call delta with its id and name, and each
 * `input_json_delta` an argument fragment of that call (OpenAI's `index` counts tool calls only).
 * `message_stop` is the end marker; an event that is not JSON or lacks what its type carries is
 * a StreamFault, and so is Anthropic's own `error` event.
 */
export function anthropicStreamTranslator(publicModel: string): StreamTranslator {
  let id = `chatcmpl-${crypto.randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  let usage: TokenUsage | null = null;
  /** Anthropic block index → OpenAI tool-call index. */
  const toolIndex = new Map<number, number>();
  const chunk = (delta: Delta, finish: FinishReason = null) =>
    JSON.stringify({
      id,
      object: "chat.completion.chunk",
      created,
      model: publicModel,
      choices: [{ index: 0, delta, finish_reason: finish }],
    } satisfies ChatCompletionChunk);
  return {
    onEvent(event: SseEvent): string[] {
      const parsed = asStreamEvent(parseEventObject(event.data));
      switch (parsed.type) {
        case "message_start":
          if (parsed.message.id) id = parsed.message.id;
          usage = {
            promptTokens: parsed.message.usage?.input_tokens ?? 0,
            completionTokens: parsed.message.usage?.output_tokens ?? 0,
          };
          return [chunk({ role: "assistant", content: "" })];
        case "content_block_start": {
          const block = parsed.content_block;
          if (block.type !== "tool_use") return [];
          const index = toolIndex.size;
          toolIndex.set(parsed.index, index);
          const call = { index, id: block.id ?? `call_${crypto.randomUUID()}`, type: "function" as const };
          return [chunk({ tool_calls: [{ ...call, function: { name: block.name ?? "", arguments: "" } }] })];
        }
        case "content_block_delta": {
          const delta = parsed.delta;
          if (delta.type === "text_delta" && delta.text) return [chunk({ content: delta.text })];
          const index = toolIndex.get(parsed.index);
          if (delta.type === "input_json_delta" && delta.partial_json && index !== undefined) {
            return [chunk({ tool_calls: [{ index, function: { arguments: delta.partial_json } }] })];
          }
          return [];
        }
        case "message_delta": {
          usage = {
            promptTokens: parsed.usage?.input_tokens ?? usage?.promptTokens ?? 0,
            completionTokens: parsed.usage?.output_tokens ?? usage?.completionTokens ?? 0,
          };
          const final = { id, object: "chat.completion.chunk" as const, created, model: publicModel, choices: [] };
          return [
            chunk({}, anthropicFinish(parsed.delta.stop_reason)),
            JSON.stringify({ ...final, usage: openAiUsage(usage) } satisfies ChatCompletionChunk),
          ];
        }
        case "message_stop":
          return ["[DONE]"];
        default:
          // ping, content_block_stop, and event types added later carry nothing to translate.
          return [];
      }
    },
    usage: () => usage,
  };
}
