import { describe, expect, it } from "vitest";
import { expectStatus, provision } from "../../helpers/api";
import { usageOf } from "../../helpers/module-usage";
import { chat, chatBody, newTag } from "../../helpers/upstream";

describe("token usage per module", () => {
  it("adds the provider-reported tokens of answers and of streams to GET /modules/{id}", async () => {
    const p = await provision();
    expect(await usageOf(p.module_id, () => true)).toMatchObject({ prompt_tokens: 0, completion_tokens: 0 });
    await expectStatus(await chat(p.secret_key, chatBody("openai/gpt-4o-mini", newTag())), 200);
    expect(await usageOf(p.module_id, (u) => u.prompt_tokens >= 19)).toMatchObject({
      prompt_tokens: 19,
      completion_tokens: 10,
    });
    const res = await chat(p.secret_key, chatBody("anthropic/claude-sonnet-4-5", newTag(), { stream: true }));
    await res.text();
    expect(await usageOf(p.module_id, (u) => u.prompt_tokens >= 40)).toMatchObject({
      prompt_tokens: 40,
      completion_tokens: 26,
    });
    const gemini = await chat(p.secret_key, chatBody("gemini/gemini-2.5-flash", newTag(), { stream: true }));
    await gemini.text();
    expect(await usageOf(p.module_id, (u) => u.prompt_tokens >= 52)).toMatchObject({
      prompt_tokens: 52,
      completion_tokens: 36,
    });
  });
});
