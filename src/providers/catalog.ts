/**
 * Models the gateway lists for a key whose `allowed_models` is empty. Callers may still name
 * any model of a configured provider; this list is what `GET /models` advertises.
 */
export const MODEL_CATALOG: Record<string, readonly string[]> = {
  openai: ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini"],
  anthropic: ["claude-sonnet-4-5", "claude-haiku-4-5"],
  gemini: ["gemini-2.5-flash", "gemini-2.5-pro"],
  groq: ["llama-3.3-70b-versatile"],
  mistral: ["mistral-small-latest"],
  openrouter: ["openrouter/auto"],
  mock: ["echo", "lorem"],
};
