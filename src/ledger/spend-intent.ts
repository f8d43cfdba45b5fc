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
 * An upper bound on the tokens a prompt can count for: one per UTF-8 byte of what is sent. Every
 * byte-level BPE token (OpenAI, Anthropic, Llama) and SentencePiece piece covers at least one
 * byte, and the JSON punctuation around each message outweighs the few tokens providers add per
 * message, so a reservation made with it is never exceeded by a text prompt. It is pessimistic
 * (about four times typical English); the real figure replaces it after the answer.
 */
export function promptTokenBound(prompt: unknown): number {
  return byteLength(prompt);
}

/** A typical-ratio estimate (four bytes a token), for text the provider never counted for us. */
export function estimateTokens(text: unknown): number {
  return Math.ceil(byteLength(text) / 4);
}

/** The shared function every AI route uses to state what a request may cost. */
export function spendIntent(model: string, prompt: unknown, maxOutputTokens: number): SpendIntent {
  return { model, promptTokens: promptTokenBound(prompt), maxOutputTokens: Math.max(0, Math.floor(maxOutputTokens)) };
}

/** The worst case of an intent at the model's price: what is reserved before the call. */
export function worstCaseCharge(intent: SpendIntent, price: ModelPrice | null): Charge {
  return chargeOf({ promptTokens: intent.promptTokens, completionTokens: intent.maxOutputTokens }, price);
}
