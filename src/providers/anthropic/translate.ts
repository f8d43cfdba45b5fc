import type { ChatMessageInput, UserPartInput } from "../../schemas/chat-message";
import {
  CORE_CHAT_FIELDS,
  parseArguments,
  parseDataUrl,
  refuse,
  singleChoice,
  type Translated,
  textOf,
  unhandledField,
  unhandledMessageField,
} from "../chat-input";
import type { ChatRequest } from "../types";
import type { AnthropicBlock, AnthropicMessage, AnthropicRequest, AnthropicTool, AnthropicToolChoice } from "./wire";

const PROVIDER = "anthropic";
/** OpenAI fields this translation maps; any other one the caller sets is a 400 naming it. */
const HANDLED = new Set<string>([...CORE_CHAT_FIELDS, "user"]);
const MESSAGE_FIELDS = new Set(["role", "content", "name", "tool_calls", "tool_call_id", "refusal"]);
const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

function imageBlock(part: Extract<UserPartInput, { type: "image_url" }>, field: string): Translated<AnthropicBlock> {
  const url = part.image_url.url;
  if (!url.startsWith("data:")) return { ok: true, value: { type: "image", source: { type: "url", url } } };
  const data = parseDataUrl(url);
  if (!data || !IMAGE_TYPES.has(data.mediaType)) {
    return refuse(`${field}.image_url.url: anthropic takes JPEG, PNG, GIF or WebP images.`);
  }
  return {
    ok: true,
    value: { type: "image", source: { type: "base64", media_type: data.mediaType, data: data.data } },
  };
}

/** One OpenAI message as Anthropic content blocks (tool results and tool calls included). */
function blocksOf(m: ChatMessageInput, i: number): Translated<AnthropicBlock[]> {
  if (m.role === "tool") {
    return { ok: true, value: [{ type: "tool_result", tool_use_id: m.tool_call_id, content: textOf(m.content) }] };
  }
  if (m.role === "assistant") {
    const text = textOf(m.content ?? null);
    const blocks: AnthropicBlock[] = text ? [{ type: "text", text }] : [];
    for (const [j, call] of (m.tool_calls ?? []).entries()) {
      const input = parseArguments(call.function.arguments, `messages.${i}.tool_calls.${j}.function.arguments`);
      if (!input.ok) return input;
      blocks.push({ type: "tool_use", id: call.id, name: call.function.name, input: input.value });
    }
    return { ok: true, value: blocks };
  }
  if (m.role !== "user" || typeof m.content === "string")
    return { ok: true, value: [{ type: "text", text: textOf(m.content) }] };
  const blocks: AnthropicBlock[] = [];
  for (const [j, part] of m.content.entries()) {
    const field = `messages.${i}.content.${j}`;
    if (part.type === "text") blocks.push({ type: "text", text: part.text });
    else if (part.type === "image_url") {
      const block = imageBlock(part, field);
      if (!block.ok) return block;
      blocks.push(block.value);
    } else return refuse(`${field}: anthropic takes text and image_url parts here, not ${part.type}.`);
  }
  return { ok: true, value: blocks };
}

/** Appends a turn, joining it to the previous one of the same role as Anthropic requires. */
function append(
  messages: AnthropicMessage[],
  role: "user" | "assistant",
  blocks: AnthropicBlock[],
  plain: string | null,
) {
  const last = messages[messages.length - 1];
  if (!last || last.role !== role) {
    messages.push({ role, content: plain ?? blocks });
    return;
  }
  if (typeof last.content === "string" && plain !== null) {
    last.content = `${last.content}\n\n${plain}`;
    return;
  }
  const previous: AnthropicBlock[] =
    typeof last.content === "string" ? [{ type: "text", text: last.content }] : last.content;
  last.content = [...previous, ...blocks];
}

function toolsOf(request: ChatRequest): Translated<AnthropicTool[] | undefined> {
  if (!request.body.tools) return { ok: true, value: undefined };
  const tools: AnthropicTool[] = [];
  for (const [i, tool] of request.body.tools.entries()) {
    if (tool.type !== "function") return refuse(`tools.${i}.type: anthropic takes function tools only.`);
    const fn = tool.function;
    const out: AnthropicTool = { name: fn.name, input_schema: fn.parameters ?? { type: "object", properties: {} } };
    if (fn.description !== undefined) out.description = fn.description;
    if (fn.strict === true) out.strict = true;
    tools.push(out);
  }
  return { ok: true, value: tools };
}

function toolChoiceOf(request: ChatRequest): Translated<AnthropicToolChoice | undefined> {
  const { tool_choice: choice, parallel_tool_calls: parallel } = request.body;
  let out: AnthropicToolChoice | undefined;
  if (choice === "auto") out = { type: "auto" };
  else if (choice === "none") out = { type: "none" };
  else if (choice === "required") out = { type: "any" };
  else if (typeof choice === "object" && choice.type === "function") out = { type: "tool", name: choice.function.name };
  else if (choice !== undefined)
    return refuse(`tool_choice: anthropic takes "auto", "none", "required" or a named function.`);
  if (parallel === false && out?.type !== "none")
    out = { ...(out ?? { type: "auto" }), disable_parallel_tool_use: true };
  return { ok: true, value: out };
}

function outputConfigOf(request: ChatRequest): Translated<AnthropicRequest["output_config"]> {
  const format = request.body.response_format;
  if (!format || format.type === "text") return { ok: true, value: undefined };
  if (format.type === "json_object" || !format.json_schema.schema) {
    return refuse(
      'response_format: anthropic produces JSON only against a schema; send {type: "json_schema", json_schema: {name, schema}}.',
    );
  }
  return { ok: true, value: { format: { type: "json_schema", schema: format.json_schema.schema } } };
}

/**
 * OpenAI chat → Anthropic Messages: system and developer messages become `system`; user,
 * assistant and tool turns alternate user/assistant (tool results are `tool_result` blocks of a
 * user turn, tool calls `tool_use` blocks); tools, tool_choice, parallel_tool_calls and
 * response_format map to their native forms; the output cap is always set. A field with no
 * equivalent is refused by name.
 */
export function toAnthropicRequest(request: ChatRequest): Translated<AnthropicRequest> {
  const body = request.body;
  const unhandled = unhandledField(body, HANDLED, PROVIDER) ?? singleChoice(body, PROVIDER);
  if (unhandled) return refuse(unhandled);
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  for (const [i, m] of body.messages.entries()) {
    const extra = unhandledMessageField(m, i, MESSAGE_FIELDS, PROVIDER);
    if (extra) return refuse(extra);
    if (m.role === "system" || m.role === "developer") {
      system.push(textOf(m.content));
      continue;
    }
    const blocks = blocksOf(m, i);
    if (!blocks.ok) return blocks;
    const plain =
      typeof m.content === "string" && m.role !== "tool" && !(m.role === "assistant" && m.tool_calls?.length);
    append(messages, m.role === "assistant" ? "assistant" : "user", blocks.value, plain ? textOf(m.content) : null);
  }
  const tools = toolsOf(request);
  if (!tools.ok) return tools;
  const toolChoice = toolChoiceOf(request);
  if (!toolChoice.ok) return toolChoice;
  const outputConfig = outputConfigOf(request);
  if (!outputConfig.ok) return outputConfig;

  const out: AnthropicRequest = { model: request.model, max_tokens: request.maxTokens, messages };
  if (system.length > 0) out.system = system.join("\n\n");
  if (typeof body.temperature === "number") out.temperature = body.temperature;
  if (typeof body.top_p === "number") out.top_p = body.top_p;
  if (body.stop !== undefined && body.stop !== null)
    out.stop_sequences = typeof body.stop === "string" ? [body.stop] : body.stop;
  if (tools.value) out.tools = tools.value;
  if (toolChoice.value) out.tool_choice = toolChoice.value;
  if (outputConfig.value) out.output_config = outputConfig.value;
  if (body.user !== undefined) out.metadata = { user_id: body.user };
  if (request.stream) out.stream = true;
  return { ok: true, value: out };
}
