/** A model's list price in USD per million tokens. */
export type ModelPrice = { input: number; output: number };

/**
 * List prices of the models this gateway routes most, in USD per million tokens (standard tier,
 * no batch or cache discounts). Sources: the providers' public pricing pages —
 * openai.com/api/pricing, anthropic.com/pricing, ai.google.dev/gemini-api/docs/pricing,
 * groq.com/pricing, mistral.ai/pricing — as read on 2025-10-15. Gemini 2.5 Pro is listed at its
 * prompts-up-to-200k tier. Prices change: an operator overrides or adds entries without a deploy
 * (see docs/ledger.md, "Prices"). A model absent here and from the override is budgeted by
 * tokens only; its USD cost is recorded as 0.
 *
 * Keys are `provider/model`; a dated or suffixed variant (`openai/gpt-4o-mini-2024-07-18`)
 * takes the price of its longest listed prefix.
 */
export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = {
  "openai/gpt-5": { input: 1.25, output: 10 },
  "openai/gpt-5-mini": { input: 0.25, output: 2 },
  "openai/gpt-5-nano": { input: 0.05, output: 0.4 },
  "openai/gpt-4.1": { input: 2, output: 8 },
  "openai/gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "openai/gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "openai/gpt-4o": { input: 2.5, output: 10 },
  "openai/gpt-4o-mini": { input: 0.15, output: 0.6 },
  "openai/o3": { input: 2, output: 8 },
  "openai/o4-mini": { input: 1.1, output: 4.4 },
  "openai/text-embedding-3-small": { input: 0.02, output: 0 },
  "openai/text-embedding-3-large": { input: 0.13, output: 0 },
  "anthropic/claude-opus-4-1": { input: 15, output: 75 },
  "anthropic/claude-sonnet-4-5": { input: 3, output: 15 },
  "anthropic/claude-sonnet-4": { input: 3, output: 15 },
  "anthropic/claude-haiku-4-5": { input: 1, output: 5 },
  "anthropic/claude-3-5-haiku": { input: 0.8, output: 4 },
  "gemini/gemini-2.5-pro": { input: 1.25, output: 10 },
  "gemini/gemini-2.5-flash": { input: 0.3, output: 2.5 },
  "gemini/gemini-2.5-flash-lite": { input: 0.1, output: 0.4 },
  "gemini/gemini-2.0-flash": { input: 0.1, output: 0.4 },
  "gemini/gemini-embedding-001": { input: 0.15, output: 0 },
  "groq/llama-3.3-70b-versatile": { input: 0.59, output: 0.79 },
  "groq/llama-3.1-8b-instant": { input: 0.05, output: 0.08 },
  "mistral/mistral-large-latest": { input: 2, output: 6 },
  "mistral/mistral-small-latest": { input: 0.1, output: 0.3 },
};
