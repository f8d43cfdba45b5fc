import type { ChatMessageInput } from "../../schemas/chat-message";
import {
  CORE_CHAT_FIELDS,
  mediaTypeOfUrl,
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
import type { GeminiContent, GeminiPart, GeminiRequest } from "./wire";

const PROVIDER = "gemini";
/** OpenAI fields this translation maps; any other one the caller sets is a 400 naming it. */
const HANDLED = new Set<string>([...CORE_CHAT_FIELDS, "seed", "presence_penalty", "frequency_penalty"]);
const MESSAGE_FIELDS = new Set(["role", "content", "name", "tool_calls", "tool_call_id", "refusal"]);
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"]);

/** A tool message's content as a functionResponse's `response` object: JSON objects as they are, anything else wrapped. */
function responseOf(text: string): Record<string, unknown> {
  // Only text that can be an object is parsed: a failed JSON.parse costs a thrown exception.
  if (!text.trimStart().startsWith("{")) return { content: text };
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {}
  return { content: text };
}

function partsOf(m: ChatMessageInput, i: number, callNames: Map<string, string>): Translated<GeminiPart[]> {
  if (m.role === "tool") {
    const name = callNames.get(m.tool_call_id);
    if (!name)
      return refuse(`messages.${i}.tool_call_id: no earlier assistant tool call has the id "${m.tool_call_id}".`);
    return { ok: true, value: [{ functionResponse: { name, response: responseOf(textOf(m.content)) } }] };
  }
  if (m.role === "assistant") {
    const text = textOf(m.content ?? null);
    const parts: GeminiPart[] = text ? [{ text }] : [];
    for (const [j, call] of (m.tool_calls ?? []).entries()) {
      const args = parseArguments(call.function.arguments, `messages.${i}.tool_calls.${j}.function.arguments`);
      if (!args.ok) return args;
      callNames.set(call.id, call.function.name);
      parts.push({ functionCall: { name: call.function.name, args: args.value } });
    }
    return { ok: true, value: parts };
  }
  if (m.role !== "user" || typeof m.content === "string") return { ok: true, value: [{ text: textOf(m.content) }] };
  const parts: GeminiPart[] = [];
  for (const [j, part] of m.content.entries()) {
    const field = `messages.${i}.content.${j}`;
    if (part.type === "text") parts.push({ text: part.text });
    else if (part.type === "image_url") {
      const url = part.image_url.url;
      const data = parseDataUrl(url);
      if (!url.startsWith("data:")) {
        parts.push({ file_data: { mime_type: mediaTypeOfUrl(url), file_uri: url } });
      } else if (data && IMAGE_TYPES.has(data.mediaType)) {
        parts.push({ inline_data: { mime_type: data.mediaType, data: data.data } });
      } else return refuse(`${field}.image_url.url: gemini takes PNG, JPEG, WebP, HEIC or HEIF images.`);
    } else return refuse(`${field}: gemini takes text and image_url parts here, not ${part.type}.`);
  }
  return { ok: true, value: parts };
}

function toolsOf(request: ChatRequest): Translated<Pick<GeminiRequest, "tools" | "toolConfig">> {
  const { tools, tool_choice: choice, parallel_tool_calls: parallel } = request.body;
  if (parallel === false) {
    return refuse("parallel_tool_calls: gemini cannot be told to call one tool at a time; omit it or send true.");
  }
  const out: Pick<GeminiRequest, "tools" | "toolConfig"> = {};
  if (tools) {
    const declarations = [];
    for (const [i, tool] of tools.entries()) {
      if (tool.type !== "function") return refuse(`tools.${i}.type: gemini takes function tools only.`);
      const fn = tool.function;
      declarations.push({
        name: fn.name,
        ...(fn.description !== undefined ? { description: fn.description } : {}),
        ...(fn.parameters !== undefined ? { parametersJsonSchema: fn.parameters } : {}),
      });
    }
    out.tools = [{ functionDeclarations: declarations }];
  }
  if (choice === "auto") out.toolConfig = { functionCallingConfig: { mode: "AUTO" } };
  else if (choice === "none") out.toolConfig = { functionCallingConfig: { mode: "NONE" } };
  else if (choice === "required") out.toolConfig = { functionCallingConfig: { mode: "ANY" } };
  else if (typeof choice === "object" && choice.type === "function") {
    out.toolConfig = { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.function.name] } };
  } else if (choice !== undefined)
    return refuse(`tool_choice: gemini takes "auto", "none", "required" or a named function.`);
  return { ok: true, value: out };
}

/**
 * OpenAI chat → Gemini generateContent: system messages become `systemInstruction`, assistant
 * turns `model` turns with `functionCall` parts, tool results `functionResponse` parts of a user
 * turn (named after the call they answer), images `inline_data` / `file_data`; sampling,
 * structured output (`responseMimeType` + `responseJsonSchema`) and the output cap move into
 * `generationConfig`. A field with no equivalent is refused by name.
 */
export function toGeminiRequest(request: ChatRequest): Translated<GeminiRequest> {
  const body = request.body;
  const unhandled = unhandledField(body, HANDLED, PROVIDER) ?? singleChoice(body, PROVIDER);
  if (unhandled) return refuse(unhandled);
  const system: string[] = [];
  const contents: GeminiContent[] = [];
  const callNames = new Map<string, string>();
  for (const [i, m] of body.messages.entries()) {
    const extra = unhandledMessageField(m, i, MESSAGE_FIELDS, PROVIDER);
    if (extra) return refuse(extra);
    if (m.role === "system" || m.role === "developer") {
      system.push(textOf(m.content));
      continue;
    }
    const parts = partsOf(m, i, callNames);
    if (!parts.ok) return parts;
    const role = m.role === "assistant" ? "model" : "user";
    const last = contents[contents.length - 1];
    if (last && last.role === role) last.parts.push(...parts.value);
    else contents.push({ role, parts: parts.value });
  }
  const tools = toolsOf(request);
  if (!tools.ok) return tools;
  const out: GeminiRequest = { contents, ...tools.value, generationConfig: { maxOutputTokens: request.maxTokens } };
  if (system.length > 0) out.systemInstruction = { parts: system.map((text) => ({ text })) };
  const config = out.generationConfig;
  if (typeof body.temperature === "number") config.temperature = body.temperature;
  if (typeof body.top_p === "number") config.topP = body.top_p;
  if (body.stop !== undefined && body.stop !== null)
    config.stopSequences = typeof body.stop === "string" ? [body.stop] : body.stop;
  if (typeof body.seed === "number") config.seed = body.seed;
  if (typeof body.presence_penalty === "number") config.presencePenalty = body.presence_penalty;
  if (typeof body.frequency_penalty === "number") config.frequencyPenalty = body.frequency_penalty;
  const format = body.response_format;
  if (format?.type === "json_object") config.responseMimeType = "application/json";
  if (format?.type === "json_schema") {
    config.responseMimeType = "application/json";
    if (format.json_schema.schema) config.responseJsonSchema = format.json_schema.schema;
  }
  return { ok: true, value: out };
}
