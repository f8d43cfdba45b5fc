import { describe, expect, it } from "vitest";
import { expectError, provision } from "../helpers/api";
import { moduleBudget } from "../helpers/ledger";
import { native } from "../helpers/passthrough";
import { chat, chatBody, createAccount, newTag, upstreamRequests } from "../helpers/upstream";

/**
 * A 424 `provider_key_missing` is thrown after the request's worst case was reserved: the
 * reservation must be released at once, not held until the stale alarm charges it.
 */
describe("no provider key after admission", () => {
  it("unified chat: 424, no upstream call, and the module's reservation is back to 0", async () => {
    const account = await createAccount(false);
    const p = await provision({ account_id: account, budget: { period: "day", tokens: 1_000_000 } });
    const tag = newTag();
    const res = await chat(p.secret_key, chatBody("openai/gpt-4o-mini", tag, { max_tokens: 500 }));
    await expectError(res, 424, "provider_key_missing");
    expect(await upstreamRequests(tag)).toEqual([]);
    const budget = await moduleBudget(p.module_id);
    expect(budget.reserved).toEqual({ tokens: 0, usd: 0 });
    expect(budget.spent.tokens).toBe(0);
  });

  it("passthrough: 424, no upstream call, and the module's reservation is back to 0", async () => {
    const account = await createAccount(false);
    const p = await provision({
      account_id: account,
      allow_passthrough: true,
      budget: { period: "day", tokens: 1_000_000 },
    });
    const tag = newTag();
    const body = { model: "gpt-4o-mini", max_tokens: 500, messages: [{ role: "user", content: `tag:${tag}` }] };
    await expectError(await native(p.secret_key, "openai/chat/completions", { body }), 424, "provider_key_missing");
    expect(await upstreamRequests(tag)).toEqual([]);
    const budget = await moduleBudget(p.module_id);
    expect(budget.reserved).toEqual({ tokens: 0, usd: 0 });
    expect(budget.spent.tokens).toBe(0);
  });
});
