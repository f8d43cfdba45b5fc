import type { ChatCompletion, ChatResult, Outcome } from "./types";

/** A finished completion as an adapter result, its usage read back from the OpenAI fields. */
export function jsonResult(completion: ChatCompletion | null): Outcome<ChatResult> {
  if (!completion) return { ok: false, failure: { kind: "malformed" } };
  const usage = completion.usage
    ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens }
    : null;
  return { ok: true, value: { kind: "json", completion, usage } };
}
