import { openAiUsage } from "../openai-compatible/translate";
import type { SseEvent } from "../sse";
import { isJsonObject, parseEventObject, StreamFault, throwProviderError } from "../stream-fault";
import type { StreamTranslator } from "../stream-pump";
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, FinishReason, TokenUsage } from "../types";
import type { AnthropicRequest, AnthropicResponse, AnthropicStreamEvent } from "./wire";

/**
 * OpenAI chat → Anthropic Messages: system and developer messages become `system`, the rest
 * alternate user/assistant (consecutive turns of one role are joined, as Anthropic requires),
 * `stop` becomes `stop_sequences`, and the output cap is always set.
 */
export function toAnthropicRequest(request: ChatRequest): AnthropicRequest {
  const system: string[] = [];
  const messages: AnthropicRequest["messages"] = [];
  for (const m of request.messages) {
    if (m.role === "system" || m.role === "developer") {
      system.push(m.content);
      continue;
    }
    const role = m.role === "assistant" ? "assistant" : "user";
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content = `${last.content}\n\n${m.content}`;
    else messages.push({ role, content: m.content });
  }
  const body: AnthropicRequest = { model: request.model, max_tokens: request.maxTokens, messages };
  if (system.length > 0) body.system = system.join("\n\n");
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop !== undefined) body.stop_sequences = request.stop;
  if (request.stream) body.stream = true;
  return body;
}

const FINISH: Record<string, FinishReason> = {
  end_turn: "stop",
  stop_sequence: "stop",
  pause_turn: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
};

export function anthropicFinish(reason: string | null | undefined): FinishReason {
  return reason ? (FINISH[reason] ?? "stop") : null;
}

/** An Anthropic message in OpenAI's completion shape, or null when the body is not one. */
export function fromAnthropicResponse(json: unknown, publicModel: string): ChatCompletion | null {
  if (typeof json !== "object" || json === null) return null;
  const wire = json as AnthropicResponse;
  if (!Array.isArray(wire.content)) return null;
  const text = wire.content.map((block) => (block.type === "text" ? (block.text ?? "") : "")).join("");
  const usage = wire.usage
    ? { promptTokens: wire.usage.input_tokens ?? 0, completionTokens: wire.usage.output_tokens ?? 0 }
    : null;
  return {
    id: wire.id ?? `chatcmpl-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: publicModel,
    choices: [
      { index: 0, message: { role: "assistant", content: text }, finish_reason: anthropicFinish(wire.stop_reason) },
    ],
    ...(usage ? { usage: openAiUsage(usage) } : {}),
  };
}

/**
 * Checks one parsed event against the shape the translator relies on: a string `type`, the
 * provider's `error` event thrown as a StreamFault, and the objects the translated types carry.
 */
function asStreamEvent(event: Record<string, unknown>): AnthropicStreamEvent {
  if (typeof event.type !== "string") throw new StreamFault("sent a stream object without an event type.");
  if (event.type === "error") throwProviderError(event);
  const needs: Record<string, string> = {
    message_start: "message",
    content_block_delta: "delta",
    message_delta: "delta",
  };
  const field = needs[event.type];
  if (field && !isJsonObject(event[field])) {
    throw new StreamFault(`sent a ${event.type} event without its ${field} object.`);
  }
  return event as AnthropicStreamEvent;
}

/** Anthropic stream events → OpenAI chunks, translated as they arrive; `message_stop` ends the stream. */
export function anthropicStreamTranslator(publicModel: string): StreamTranslator {
  let id = `chatcmpl-${crypto.randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  let usage: TokenUsage | null = null;
  const chunk = (delta: ChatCompletionChunk["choices"][number]["delta"], finish: FinishReason = null) =>
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
        case "content_block_delta":
          return parsed.delta.type === "text_delta" && parsed.delta.text ? [chunk({ content: parsed.delta.text })] : [];
        case "message_delta": {
          usage = {
            promptTokens: parsed.usage?.input_tokens ?? usage?.promptTokens ?? 0,
            completionTokens: parsed.usage?.output_tokens ?? usage?.completionTokens ?? 0,
          };
          const out = [chunk({}, anthropicFinish(parsed.delta.stop_reason))];
          out.push(
            JSON.stringify({
              id,
              object: "chat.completion.chunk",
              created,
              model: publicModel,
              choices: [],
              usage: openAiUsage(usage),
            } satisfies ChatCompletionChunk),
          );
          return out;
        }
        case "message_stop":
          return ["[DONE]"];
        default:
          // ping, content_block_start/stop, and event types added later carry nothing to translate.
          return [];
      }
    },
    usage: () => usage,
  };
}
