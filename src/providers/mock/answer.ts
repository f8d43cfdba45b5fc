import { CORE_CHAT_FIELDS, refuse, type Translated, textOf, unhandledField } from "../chat-input";
import type { ChatRequest, FinishReason, ToolCallOut } from "../types";
import { schemaValue } from "./schema-value";

const LOREM =
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.";

/** What the mock honours: its answers are deterministic, so sampling fields are accepted and have no effect. */
const HANDLED = new Set<string>([
  ...CORE_CHAT_FIELDS,
  "seed",
  "user",
  "metadata",
  "presence_penalty",
  "frequency_penalty",
]);

export type MockAnswer = {
  /** The text answer, word by word (empty when the answer is a tool call). */
  words: string[];
  toolCall: ToolCallOut | null;
  promptTokens: number;
  completionTokens: number;
  finish: FinishReason;
};

const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** The tool the mock calls: the named one, else the first; none when tools are off or the last turn is a tool result. */
function toolToCall(request: ChatRequest) {
  const { tools, tool_choice: choice, messages } = request.body;
  if (!tools?.length || choice === "none" || messages[messages.length - 1]?.role === "tool") return null;
  const named = typeof choice === "object" && choice.type === "function" ? choice.function.name : null;
  const fn = tools.find((t) => t.type === "function" && (named === null || t.function.name === named));
  return fn?.type === "function" ? fn.function : null;
}

/**
 * The deterministic answer: `echo` repeats the last user message (or the last tool result),
 * `lorem` recites lorem ipsum; with tools offered, the first turn is a call of the named (or
 * first) tool whose arguments are built from the user's text; with `response_format`, JSON
 * built the same way. Text-only: an image is a 400.
 */
export function mockAnswer(request: ChatRequest): Translated<MockAnswer> {
  const body = request.body;
  const unhandled = unhandledField(body, HANDLED, "mock");
  if (unhandled) return refuse(unhandled);
  if (typeof body.n === "number" && body.n > 1) return refuse("n: the mock answers one choice; send n: 1.");
  for (const [i, m] of body.messages.entries()) {
    if (m.role !== "user" || typeof m.content === "string") continue;
    const j = m.content.findIndex((part) => part.type !== "text");
    if (j >= 0) {
      return refuse(
        `messages.${i}.content.${j}: mock/${request.model} takes text only; send ${m.content[j]?.type} parts to a provider that accepts them (openai, anthropic, gemini).`,
      );
    }
  }
  const promptTokens = body.messages.reduce((n, m) => n + words(textOf(m.content ?? null)).length, 0);
  const last = [...body.messages].reverse().find((m) => m.role === "user" || m.role === "tool");
  const lastText = textOf(last?.content ?? null);
  const tool = toolToCall(request);
  if (tool) {
    const args = JSON.stringify(schemaValue(tool.parameters ?? { type: "object" }, lastText));
    const toolCall: ToolCallOut = {
      id: `call_mock_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`,
      type: "function",
      function: { name: tool.name, arguments: args },
    };
    return {
      ok: true,
      value: { words: [], toolCall, promptTokens, completionTokens: words(args).length, finish: "tool_calls" },
    };
  }
  const format = body.response_format;
  if (format && format.type !== "text") {
    // Structured output: one JSON value fitting the schema (json_object: the text under "text").
    const schema = format.type === "json_schema" ? (format.json_schema.schema ?? { type: "object" }) : null;
    const json = JSON.stringify(schema ? schemaValue(schema, lastText) : { text: lastText });
    return {
      ok: true,
      value: { words: [json], toolCall: null, promptTokens, completionTokens: words(json).length, finish: "stop" },
    };
  }
  const all = words(request.model === "lorem" ? LOREM : lastText);
  const out = all.slice(0, request.maxTokens);
  const finish = out.length < all.length ? "length" : "stop";
  return { ok: true, value: { words: out, toolCall: null, promptTokens, completionTokens: out.length, finish } };
}
