import { openAiUsage } from "../openai-compatible/translate";
import type { ChatCompletion, FinishReason, ToolCallOut } from "../types";
import type { AnthropicResponse } from "./wire";

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

/**
 * An Anthropic message in OpenAI's completion shape (text blocks joined, `tool_use` blocks as
 * `tool_calls` with their input as a JSON string), or null when the body is not one.
 */
export function fromAnthropicResponse(json: unknown, publicModel: string): ChatCompletion | null {
  if (typeof json !== "object" || json === null) return null;
  const wire = json as AnthropicResponse;
  if (!Array.isArray(wire.content)) return null;
  const text = wire.content.map((block) => (block.type === "text" ? (block.text ?? "") : "")).join("");
  const toolCalls: ToolCallOut[] = wire.content
    .filter((block) => block.type === "tool_use")
    .map((block) => ({
      id: block.id ?? `call_${crypto.randomUUID()}`,
      type: "function" as const,
      function: { name: block.name ?? "", arguments: JSON.stringify(block.input ?? {}) },
    }));
  const usage = wire.usage
    ? { promptTokens: wire.usage.input_tokens ?? 0, completionTokens: wire.usage.output_tokens ?? 0 }
    : null;
  const message: ChatCompletion["choices"][number]["message"] = {
    role: "assistant",
    content: text === "" && toolCalls.length > 0 ? null : text,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: wire.id ?? `chatcmpl-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: publicModel,
    choices: [{ index: 0, message, finish_reason: anthropicFinish(wire.stop_reason) }],
    ...(usage ? { usage: openAiUsage(usage) } : {}),
  };
}
