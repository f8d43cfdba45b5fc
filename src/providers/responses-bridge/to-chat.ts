import { ChatCompletionBody, type ChatCompletionInput } from "../../schemas/chat";
import type { ResponsesInput } from "../../schemas/responses";
import { refuse, type Translated } from "../chat-input";

type Item = Record<string, unknown>;
type ChatMessage = Record<string, unknown>;

/** Responses fields the bridge maps to Chat Completions; any other one set is a 400 naming it. */
const HANDLED = new Set([
  "model",
  "input",
  "instructions",
  "stream",
  "max_output_tokens",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "text",
  "temperature",
  "top_p",
  "user",
  "metadata",
  "truncation",
  "background",
]);

const str = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v ?? ""));

/** A Responses content part as a chat content part: input_text / output_text → text, input_image → image_url. */
function partOf(part: Item, field: string): Translated<Item> {
  if (part.type === "input_text" || part.type === "output_text")
    return { ok: true, value: { type: "text", text: str(part.text) } };
  if (part.type === "input_image" && typeof part.image_url === "string") {
    const image: Item = { url: part.image_url };
    if (part.detail !== undefined) image.detail = part.detail;
    return { ok: true, value: { type: "image_url", image_url: image } };
  }
  return refuse(`${field}.type: "${str(part.type)}" needs a provider that speaks the Responses API natively (openai).`);
}

function messageOf(item: Item, field: string): Translated<ChatMessage> {
  const content = item.content;
  if (typeof content === "string") return { ok: true, value: { role: item.role, content } };
  if (!Array.isArray(content)) return refuse(`${field}.content: must be a string or an array of content parts.`);
  const parts: Item[] = [];
  for (const [j, part] of content.entries()) {
    const mapped = partOf(part as Item, `${field}.content.${j}`);
    if (!mapped.ok) return mapped;
    parts.push(mapped.value);
  }
  const textOnly = parts.every((p) => p.type === "text");
  // Assistant and system turns take text; join it, as OpenAI does when it replays them.
  if (item.role !== "user" && textOnly)
    return { ok: true, value: { role: item.role, content: parts.map((p) => p.text).join("") } };
  return { ok: true, value: { role: item.role, content: parts } };
}

/** The `input` items as chat messages: messages, function calls (grouped into one assistant turn) and their outputs. */
function messagesOf(input: ResponsesInput["input"]): Translated<ChatMessage[]> {
  if (input === undefined) return { ok: true, value: [] };
  if (typeof input === "string") return { ok: true, value: [{ role: "user", content: input }] };
  const messages: ChatMessage[] = [];
  for (const [i, item] of input.entries()) {
    const field = `input.${i}`;
    const type = item.type ?? "message";
    if (type === "message") {
      const message = messageOf(item, field);
      if (!message.ok) return message;
      messages.push(message.value);
    } else if (type === "function_call") {
      const call = {
        id: str(item.call_id),
        type: "function",
        function: { name: str(item.name), arguments: str(item.arguments) },
      };
      const last = messages[messages.length - 1];
      // Calls right after an assistant turn (or after each other) belong to that one assistant message.
      if (last?.role === "assistant") last.tool_calls = [...((last.tool_calls as unknown[] | undefined) ?? []), call];
      else messages.push({ role: "assistant", content: null, tool_calls: [call] });
    } else if (type === "function_call_output") {
      const output = Array.isArray(item.output)
        ? (item.output as Item[]).map((p) => str(p.text)).join("")
        : str(item.output);
      messages.push({ role: "tool", tool_call_id: str(item.call_id), content: output });
    } else {
      return refuse(
        `${field}.type: "${str(type)}" items need a provider that speaks the Responses API natively (openai).`,
      );
    }
  }
  return { ok: true, value: messages };
}

function toolsOf(tools: ResponsesInput["tools"]): Translated<Item[] | undefined> {
  if (!tools) return { ok: true, value: undefined };
  const out: Item[] = [];
  for (const [i, tool] of tools.entries()) {
    if (tool.type !== "function") {
      return refuse(
        `tools.${i}.type: "${tool.type}" is a built-in tool only providers that speak the Responses API natively run.`,
      );
    }
    const fn: Item = { name: tool.name };
    for (const key of ["description", "parameters", "strict"])
      if (tool[key] !== undefined && tool[key] !== null) fn[key] = tool[key];
    out.push({ type: "function", function: fn });
  }
  return { ok: true, value: out };
}

function toolChoiceOf(choice: unknown): unknown {
  if (typeof choice === "object" && choice !== null && (choice as Item).type === "function") {
    return { type: "function", function: { name: (choice as Item).name } };
  }
  return choice;
}

function responseFormatOf(text: unknown): Translated<unknown> {
  const format = (text as { format?: Item } | undefined)?.format;
  if (!format || format.type === "text") return { ok: true, value: undefined };
  if (format.type === "json_object") return { ok: true, value: { type: "json_object" } };
  if (format.type === "json_schema") {
    const { type: _type, ...schema } = format;
    return { ok: true, value: { type: "json_schema", json_schema: schema } };
  }
  return refuse(`text.format.type: "${str(format.type)}" is not a format the gateway can translate.`);
}

/**
 * A Responses request as the Chat Completions body a provider without the Responses API is
 * called with (instructions → system message, input items → messages and tool results,
 * function tools, tool_choice, text.format → response_format), validated like any chat body.
 */
export function toChatBody(body: ResponsesInput): Translated<ChatCompletionInput> {
  for (const [field, value] of Object.entries(body)) {
    if (value === null || value === undefined || HANDLED.has(field)) continue;
    if (field === "store" && value === false) continue;
    return refuse(
      `${field}: only providers that speak the Responses API natively (openai) take it; remove it for this model.`,
    );
  }
  const messages = messagesOf(body.input);
  if (!messages.ok) return messages;
  const tools = toolsOf(body.tools);
  if (!tools.ok) return tools;
  const format = responseFormatOf(body.text);
  if (!format.ok) return format;
  const chat: Record<string, unknown> = {
    model: body.model,
    messages: body.instructions ? [{ role: "system", content: body.instructions }, ...messages.value] : messages.value,
    stream: body.stream,
  };
  const copy = { temperature: body.temperature, top_p: body.top_p, user: body.user, metadata: body.metadata };
  for (const [key, value] of Object.entries(copy)) if (value !== undefined && value !== null) chat[key] = value;
  if (tools.value) chat.tools = tools.value;
  if (body.tool_choice !== undefined) chat.tool_choice = toolChoiceOf(body.tool_choice);
  if (body.parallel_tool_calls !== undefined && body.parallel_tool_calls !== null)
    chat.parallel_tool_calls = body.parallel_tool_calls;
  if (format.value) chat.response_format = format.value;
  const parsed = ChatCompletionBody.safeParse(chat);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return refuse(
    `${issue?.path.join(".") || "input"}: ${issue?.message ?? "cannot be translated"} (as translated to Chat Completions).`,
  );
}
