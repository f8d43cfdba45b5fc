import { openAiUsage } from "../openai-compatible/translate";
import type { ChatCompletion, FinishReason, TokenUsage, ToolCallOut } from "../types";
import type { GeminiResponse, GeminiUsage } from "./wire";

const FINISH: Record<string, FinishReason> = {
  STOP: "stop",
  MAX_TOKENS: "length",
  SAFETY: "content_filter",
  RECITATION: "content_filter",
  BLOCKLIST: "content_filter",
  PROHIBITED_CONTENT: "content_filter",
  SPII: "content_filter",
};

/** Gemini ends a turn that calls functions with STOP; OpenAI says `tool_calls`. */
export function geminiFinish(reason: string | undefined, calledTools: boolean): FinishReason {
  if (!reason) return null;
  const finish = FINISH[reason] ?? "stop";
  return finish === "stop" && calledTools ? "tool_calls" : finish;
}

/** Gemini counts thinking tokens apart; both are billed as output. */
export function geminiUsage(usage: GeminiUsage | undefined): TokenUsage | null {
  if (!usage || typeof usage.promptTokenCount !== "number") return null;
  return {
    promptTokens: usage.promptTokenCount,
    completionTokens: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
  };
}

/** The answer text of a response (thought summaries left out). */
export function geminiText(response: GeminiResponse): string {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.map((p) => (p.thought ? "" : (p.text ?? ""))).join("");
}

/** The function calls of a response as OpenAI tool calls; Gemini's own call id is kept when it sends one. */
export function geminiToolCalls(response: GeminiResponse): ToolCallOut[] {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.flatMap((p) =>
    p.functionCall
      ? [
          {
            id: p.functionCall.id ?? `call_${crypto.randomUUID().replaceAll("-", "")}`,
            type: "function" as const,
            function: { name: p.functionCall.name ?? "", arguments: JSON.stringify(p.functionCall.args ?? {}) },
          },
        ]
      : [],
  );
}

/** A Gemini response in OpenAI's completion shape, or null when the body is not one. */
export function fromGeminiResponse(json: unknown, publicModel: string): ChatCompletion | null {
  if (typeof json !== "object" || json === null) return null;
  const wire = json as GeminiResponse;
  if (!Array.isArray(wire.candidates)) return null;
  const usage = geminiUsage(wire.usageMetadata);
  const text = geminiText(wire);
  const toolCalls = geminiToolCalls(wire);
  const message: ChatCompletion["choices"][number]["message"] = {
    role: "assistant",
    content: text === "" && toolCalls.length > 0 ? null : text,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: wire.responseId ? `chatcmpl-${wire.responseId}` : `chatcmpl-${crypto.randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: publicModel,
    choices: [
      { index: 0, message, finish_reason: geminiFinish(wire.candidates[0]?.finishReason, toolCalls.length > 0) },
    ],
    ...(usage ? { usage: openAiUsage(usage) } : {}),
  };
}
