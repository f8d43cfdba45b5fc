import { openAiWireAdapter } from "../openai-compatible/adapter";

/** OpenAI itself: the OpenAI wire with `max_completion_tokens`, which its reasoning models require; Responses and embeddings too. */
export const openAiAdapter = openAiWireAdapter({
  name: "openai",
  maxTokensField: "max_completion_tokens",
  responses: true,
  embeddings: true,
});
