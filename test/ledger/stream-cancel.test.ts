import { describe, expect, it } from "vitest";
import { estimateTokens, promptTokenBound } from "../../src/ledger/spend-intent";
import { provision } from "../helpers/api";
import { eventually, moduleBudget, totals, usageSeries } from "../helpers/ledger";
import { chat, chatBody, newTag, ssePayloads, streamedText, waitForUpstream } from "../helpers/upstream";

const LOREM =
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.";

/** Reads SSE from a response until `enough` holds for the text so far, then cancels the body. */
async function readThenCancel(res: Response, enough: (text: string) => boolean): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new TextDecoder();
  let raw = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    raw += decoder.decode(value, { stream: true });
    const text = streamedText(ssePayloads(raw).filter((p) => p.startsWith("{")));
    if (enough(text)) break;
  }
  await reader.cancel();
  return streamedText(ssePayloads(raw).filter((p) => p.startsWith("{")));
}

describe("a cancelled stream is charged for what was streamed (STR-2)", () => {
  it("charges the part of the answer the client received and releases the rest of the reservation", async () => {
    const p = await provision({ budget: { period: "day", tokens: 1_000_000 } });
    const body = { model: "mock/lorem", messages: [{ role: "user", content: "go" }], stream: true, max_tokens: 200 };
    const res = await chat(p.secret_key, body);
    expect(res.status).toBe(200);
    const received = await readThenCancel(res, (text) => text.split(" ").length >= 6);
    const b = await eventually(
      () => moduleBudget(p.module_id),
      (x) => x.reserved.tokens === 0 && x.spent.tokens > 0,
    );
    expect(b.reserved.tokens).toBe(0);
    const used = totals(await usageSeries(`/api/v1/modules/${p.module_id}`));
    const completion = used.completion_tokens;
    expect(b.spent.tokens).toBe(used.prompt_tokens + completion);
    // The prompt as the provider reported it, or estimated from the request (never the pessimistic bound).
    expect(used.prompt_tokens).toBeLessThanOrEqual(Math.ceil(promptTokenBound([body.messages, undefined]) / 4));
    // At least what the client read, less than the whole answer (the meter may have passed one more chunk).
    expect(completion).toBeGreaterThanOrEqual(estimateTokens(received));
    expect(completion).toBeLessThan(estimateTokens(LOREM));
    expect(completion / estimateTokens(LOREM)).toBeLessThan(0.6);
  });

  it("aborts the upstream on cancel, and a stream read to its end is charged what the provider reported", async () => {
    const p = await provision({ budget: { period: "day", tokens: 1_000_000 } });
    const tag = newTag();
    const res = await chat(p.secret_key, chatBody("openai/gpt-4o-mini", tag, { stream: true }, "behave:pause"));
    await readThenCancel(res, () => true);
    const [record] = await waitForUpstream(tag, (r) => r.length === 1 && r[0]?.aborted === true);
    expect(record?.aborted).toBe(true);
    const cancelled = await eventually(
      () => moduleBudget(p.module_id),
      (x) => x.reserved.tokens === 0,
    );
    expect(cancelled.reserved.tokens).toBe(0);
    expect(cancelled.spent.tokens).toBeLessThan(29);

    const q = await provision({ budget: { period: "day", tokens: 1_000_000 } });
    const full = await chat(q.secret_key, chatBody("openai/gpt-4o-mini", newTag(), { stream: true }));
    await full.text();
    expect(
      await eventually(
        () => moduleBudget(q.module_id),
        (x) => x.spent.tokens > 0,
      ),
    ).toMatchObject({
      spent: { tokens: 29 },
      reserved: { tokens: 0 },
    });
  });
});
