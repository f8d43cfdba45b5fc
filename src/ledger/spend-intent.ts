import { type Charge, chargeOf } from "./charge";
import type { ModelPrice } from "./price-table";

/**
 * What an AI request may cost, computed by every AI route (chat, responses, embeddings,
 * passthrough) the same way before it is admitted: the model, an upper bound on its prompt
 * tokens, and the most output tokens it may produce (the key's cap as sent upstream; 0 for
 * embeddings).
 */
export type SpendIntent = { model: string; promptTokens: number; maxOutputTokens: number };

const encoder = new TextEncoder();

/** UTF-8 length of a prompt given as text, bytes, or a JSON value (serialised as it is sent). */
function byteLength(prompt: unknown): number {
  if (prompt instanceof ArrayBuffer) return prompt.byteLength;
  if (ArrayBuffer.isView(prompt)) return prompt.byteLength;
  const text = typeof prompt === "string" ? prompt : (JSON.stringify(prompt) ?? "");
  return encoder.encode(text).byteLength;
}

/**
 * Tokens reserved for each image part, whose URL or file id is a few bytes but whose pixels cost
 * far more. 2,500 covers the providers' documented per-image maxima: OpenAI GPT-4o high detail
 * 85 + 170 × 8 tiles = 1,445; GPT-4.1-mini/o4-mini at most 1,536 patches × 1.62 = 2,489;
 * Anthropic about 1,600 (1.15 megapixels / 750); Gemini 258 per 768-px tile (a very large image
 * can exceed it; the settlement with the reported usage charges the rest).
 */
export const IMAGE_TOKEN_ALLOWANCE = 2_500;

/** Keys that mark an image part: Gemini `inline_data`/`file_data` parts in either casing. */
const IMAGE_PART_KEYS = ["inline_data", "inlineData", "file_data", "fileData"];
/** `type` values of image parts: chat `image_url`, Responses `input_image`, Anthropic `image`. */
const IMAGE_PART_TYPES = new Set(["image_url", "input_image", "image"]);

/** How many image parts a JSON value (messages, input, a native body) carries, at any depth. */
export function countImageParts(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, item) => n + countImageParts(item), 0);
  if (value === null || typeof value !== "object") return 0;
  const record = value as Record<string, unknown>;
  let n = IMAGE_PART_TYPES.has(String(record.type)) || IMAGE_PART_KEYS.some((k) => k in record) ? 1 : 0;
  for (const child of Object.values(record)) n += countImageParts(child);
  return n;
}

/**
 * An upper bound on the tokens a prompt can count for: one per UTF-8 byte of what is sent, plus
 * IMAGE_TOKEN_ALLOWANCE per image part found in `parts` (the parsed prompt; by default the prompt
 * itself, which a text prompt has none of). Every
 * byte-level BPE token (OpenAI, Anthropic, Llama) and SentencePiece piece covers at least one
 * byte, and the JSON punctuation around each message outweighs the few tokens providers add per
 * message, so a reservation made with it is never exceeded by a text prompt. It is pessimistic
 * (about four times typical English); the real figure replaces it after the answer.
 */
export function promptTokenBound(prompt: unknown, parts: unknown = prompt): number {
  return byteLength(prompt) + IMAGE_TOKEN_ALLOWANCE * countImageParts(parts);
}

/** A typical-ratio estimate (four bytes a token), for text the provider never counted for us. */
export function estimateTokens(text: unknown): number {
  return Math.ceil(byteLength(text) / 4);
}

/**
 * The shared function every AI route uses to state what a request may cost; `parts` is the
 * parsed prompt when `prompt` is its raw text (the passthrough), for counting image parts.
 */
export function spendIntent(
  model: string,
  prompt: unknown,
  maxOutputTokens: number,
  parts: unknown = prompt,
): SpendIntent {
  return {
    model,
    promptTokens: promptTokenBound(prompt, parts),
    maxOutputTokens: Math.max(0, Math.floor(maxOutputTokens)),
  };
}

/** The worst case of an intent at the model's price: what is reserved before the call. */
export function worstCaseCharge(intent: SpendIntent, price: ModelPrice | null): Charge {
  return chargeOf({ promptTokens: intent.promptTokens, completionTokens: intent.maxOutputTokens }, price);
}
