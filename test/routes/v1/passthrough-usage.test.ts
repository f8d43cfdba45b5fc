import { describe, expect, it } from "vitest";
import { usageOf } from "../../helpers/module-usage";
import { native, passthroughKey, userTurn } from "../../helpers/passthrough";
import { newTag } from "../../helpers/upstream";

/** Each call and the tokens the fake upstream's fixture reports for it. */
const CALLS: Array<{ path: string; body: (tag: string) => unknown; prompt: number; completion: number }> = [
  {
    path: "openai/chat/completions",
    body: (t) => ({ model: "gpt-4o-mini", messages: userTurn.openai(t) }),
    prompt: 19,
    completion: 10,
  },
  {
    path: "openai/chat/completions",
    body: (t) => ({ model: "gpt-4o-mini", stream: true, messages: userTurn.openai(t) }),
    prompt: 19,
    completion: 10,
  },
  {
    path: "anthropic/v1/messages",
    body: (t) => ({ model: "claude-sonnet-4-5", messages: userTurn.anthropic(t) }),
    prompt: 21,
    completion: 16,
  },
  {
    path: "anthropic/v1/messages",
    body: (t) => ({ model: "claude-sonnet-4-5", stream: true, messages: userTurn.anthropic(t) }),
    prompt: 21,
    completion: 16,
  },
  {
    path: "gemini/v1beta/models/gemini-2.5-flash:generateContent",
    body: (t) => ({ contents: userTurn.gemini(t) }),
    // Thinking tokens are billed as output: 10 candidates + 17 thoughts.
    prompt: 12,
    completion: 27,
  },
  {
    path: "gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    body: (t) => ({ contents: userTurn.gemini(t) }),
    prompt: 12,
    completion: 10,
  },
  {
    path: "openai/embeddings",
    body: (t) => ({ model: "text-embedding-3-small", input: `tag:${t}` }),
    prompt: 8,
    completion: 0,
  },
  {
    path: "openai/responses",
    body: (t) => ({ model: "gpt-4o-mini", input: `tag:${t}` }),
    prompt: 36,
    completion: 87,
  },
  {
    path: "openai/responses",
    body: (t) => ({ model: "gpt-4o-mini", input: `tag:${t}`, stream: true }),
    prompt: 57,
    completion: 18,
  },
];

describe("passthrough usage", () => {
  it("counts the tokens of every passthrough answer, JSON and streamed, in the module's usage", async () => {
    const { module_id, secret_key } = await passthroughKey();
    let prompt = 0;
    let completion = 0;
    for (const call of CALLS) {
      const res = await native(secret_key, call.path, { body: call.body(newTag()) });
      expect(res.status, call.path).toBe(200);
      await res.text();
      prompt += call.prompt;
      completion += call.completion;
      const usage = await usageOf(module_id, (u) => u.prompt_tokens >= prompt && u.completion_tokens >= completion);
      expect(usage, call.path).toEqual(
        expect.objectContaining({ prompt_tokens: prompt, completion_tokens: completion }),
      );
    }
  });

  it("counts nothing for a request the policy refused", async () => {
    const { module_id, secret_key } = await passthroughKey({ max_output_tokens: 10 });
    const res = await native(secret_key, "openai/chat/completions", {
      body: { model: "gpt-4o-mini", max_tokens: 11, messages: userTurn.openai(newTag()) },
    });
    expect(res.status).toBe(400);
    await res.text();
    const ok = await native(secret_key, "openai/models");
    await ok.text();
    expect(await usageOf(module_id, () => true)).toEqual(
      expect.objectContaining({ prompt_tokens: 0, completion_tokens: 0 }),
    );
  });
});
