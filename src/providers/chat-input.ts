import type { ChatCompletionInput } from "../schemas/chat";
import type { ChatMessageInput } from "../schemas/chat-message";

/** A translation to a provider's wire: the body, or the 400 message naming the field it cannot carry. */
export type Translated<T> = { ok: true; value: T } | { ok: false; message: string };

/** The OpenAI chat fields every translated provider (and the mock) maps; each adds its own extras. */
export const CORE_CHAT_FIELDS = [
  "model",
  "messages",
  "stream",
  "stream_options",
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "stop",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "response_format",
  "n",
] as const;

export const refuse = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** The text of a message's content: a string, or its text parts joined in order. */
export function textOf(content: ChatMessageInput["content"]): string {
  if (typeof content === "string") return content;
  if (!content) return "";
  return content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** `data:<mime>;base64,<data>` split into its media type and payload; null for any other URL. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | null {
  const match = /^data:([\w.+-]+\/[\w.+-]+);base64,(.*)$/s.exec(url);
  return match?.[1] && match[2] !== undefined ? { mediaType: match[1], data: match[2].replace(/\s+/g, "") } : null;
}

const EXTENSION_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  heif: "image/heif",
};

/** The image media type an https URL's file extension names, else JPEG (what cameras and CDNs mostly serve). */
export function mediaTypeOfUrl(url: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(new URL(url).pathname)?.[1]?.toLowerCase() ?? "";
  return EXTENSION_TYPES[extension] ?? "image/jpeg";
}

/** A tool call's `arguments` string as the JSON object providers take, or the 400 message. */
export function parseArguments(args: string, field: string): Translated<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(args === "" ? "{}" : args);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      return { ok: true, value: parsed as Record<string, unknown> };
    }
  } catch {}
  return refuse(`${field}: must be a JSON object encoded as a string, e.g. "{\\"city\\":\\"Paris\\"}".`);
}

/**
 * The first top-level field the caller set (not null) that a translated provider does not map,
 * as a 400 message naming it and the provider: never a silent drop.
 */
export function unhandledField(
  body: ChatCompletionInput,
  handled: ReadonlySet<string>,
  provider: string,
): string | null {
  for (const [field, value] of Object.entries(body)) {
    if (value === null || value === undefined || handled.has(field)) continue;
    return `${field}: ${provider} has no equivalent of this field; remove it, or use a provider that speaks OpenAI's wire (openai, groq, mistral, openrouter).`;
  }
  return null;
}

/** The first message-level field a translated provider does not map, named by its path. */
export function unhandledMessageField(
  message: Record<string, unknown>,
  index: number,
  handled: ReadonlySet<string>,
  provider: string,
): string | null {
  for (const [field, value] of Object.entries(message)) {
    if (value === null || value === undefined || handled.has(field)) continue;
    return `messages.${index}.${field}: ${provider} has no equivalent of this message field; remove it.`;
  }
  return null;
}

/** The `n` a translated provider can honour is 1: more choices would need one upstream call each. */
export function singleChoice(body: ChatCompletionInput, provider: string): string | null {
  return typeof body.n === "number" && body.n > 1
    ? `n: ${provider} returns one choice per request; send n: 1 (or omit it) and repeat the request for more.`
    : null;
}
