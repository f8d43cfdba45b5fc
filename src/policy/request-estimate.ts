/**
 * What one AI request may cost, before it is sent: the model it names, an estimate of its
 * prompt tokens and its worst-case output tokens (the cap times the choices asked for). Every
 * AI route (chat, responses, embeddings) computes it here, so the budget reserves from one rule.
 */
export type RequestEstimate = {
  /** `provider/model`, as the caller named it. */
  model: string;
  promptTokens: number;
  /** The most output the provider may bill for this request. */
  maxOutputTokens: number;
};

/** Tokens charged for one inline image or file in the estimate (its base64 is not text the model reads). */
const INLINE_MEDIA_TOKENS = 1_000;
const CHARS_PER_TOKEN = 4;

/** Tokens of a JSON value's text at ~4 characters per token; `data:` URLs count a fixed amount each. */
function tokensOf(value: unknown): number {
  if (typeof value === "string") {
    return value.startsWith("data:") ? INLINE_MEDIA_TOKENS : Math.ceil(value.length / CHARS_PER_TOKEN);
  }
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + tokensOf(item), 0);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).reduce(
      (n, [key, inner]) => n + Math.ceil(key.length / CHARS_PER_TOKEN) + tokensOf(inner),
      0,
    );
  }
  return value === undefined ? 0 : 1;
}

/**
 * The estimate for a request whose prompt is `prompt` (messages, input, tools: everything the
 * provider reads), capped at `maxOutputTokens` per choice for `choices` choices.
 */
export function estimateRequest(model: string, prompt: unknown, maxOutputTokens: number, choices = 1): RequestEstimate {
  return {
    model,
    promptTokens: Math.max(1, tokensOf(prompt)),
    maxOutputTokens: maxOutputTokens * Math.max(1, choices),
  };
}
