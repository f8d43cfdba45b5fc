import { describe, expect, it } from "vitest";
import { admin, expectError, expectStatus, provision } from "../helpers/api";
import { accountBudget, eventually, moduleBudget, worstCaseTokens } from "../helpers/ledger";
import { chat, chatBody, createAccount, newTag, upstreamRequests } from "../helpers/upstream";

const MAX_TOKENS = 40;

async function accountWithBudget(budget: Record<string, unknown>): Promise<string> {
  const id = await createAccount(true);
  const res = await admin(`/api/v1/accounts/${id}`, { method: "PATCH", body: { budget } });
  expect(await expectStatus(res, 200)).toMatchObject({ budget });
  return id;
}

describe("account budgets across modules (BUD-3)", () => {
  it("admits exactly as many requests as the account's budget covers, whichever of its modules sends them", async () => {
    const tag = newTag();
    const body = chatBody("openai/gpt-4o-mini", tag, { max_tokens: MAX_TOKENS }, "behave:slow-headers");
    const worst = worstCaseTokens(body as { messages: unknown }, MAX_TOKENS);
    const accountId = await accountWithBudget({ period: "month", tokens: 3 * worst + worst - 1 });
    // Each module's own budget covers 5: only the account's can be what stops them.
    const [a, b] = await Promise.all(
      [0, 1].map(() => provision({ account_id: accountId, budget: { period: "month", tokens: 5 * worst } })),
    );
    if (!a || !b) throw new Error("provision failed");
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => chat((i % 2 === 0 ? a : b).secret_key, body)),
    );
    const statuses = responses.map((r) => r.status).sort();
    for (const r of responses.filter((x) => x.status === 429).slice(0, 2)) {
      expect(await expectError(r.clone(), 429, "budget_exhausted")).toContain("account");
    }
    await Promise.all(responses.map((r) => r.text()));
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(await upstreamRequests(tag)).toHaveLength(3);
    const acct = await eventually(
      () => accountBudget(accountId),
      (x) => x.reserved.tokens === 0,
    );
    expect(acct).toMatchObject({ spent: { tokens: 3 * 29 }, reserved: { tokens: 0 } });
    const [ba, bb] = await Promise.all([moduleBudget(a.module_id), moduleBudget(b.module_id)]);
    // A request the account refused holds nothing in its module's budget either.
    expect(ba.reserved.tokens + bb.reserved.tokens).toBe(0);
    expect(ba.spent.tokens + bb.spent.tokens).toBe(3 * 29);
  });

  it("enforces an account budget set at creation, and shows budget on the account", async () => {
    const res = await admin("/api/v1/accounts", {
      method: "POST",
      body: { name: `acct-${newTag()}`, allow_gateway_keys: true, budget: { period: "total", tokens: 1 } },
    });
    const account = await expectStatus<{ account_id: string; budget: unknown }>(res, 201);
    expect(account.budget).toEqual({ period: "total", tokens: 1 });
    const p = await provision({ account_id: account.account_id });
    const refused = await chat(p.secret_key, chatBody("openai/gpt-4o-mini", newTag()));
    await expectError(refused.clone(), 429, "budget_exhausted");
    expect(refused.headers.get("retry-after")).toBeNull();
    const got = await expectStatus(await admin(`/api/v1/accounts/${account.account_id}`), 200);
    expect(got.budget).toEqual({ period: "total", tokens: 1 });
  });

  it("lets an account without a budget spend freely", async () => {
    const id = await createAccount(true);
    const p = await provision({ account_id: id });
    await expectStatus(await chat(p.secret_key, chatBody("openai/gpt-4o-mini", newTag())), 200);
    expect(await accountBudget(id)).toBeNull();
  });
});

describe("account refusals and the rate limit", () => {
  it("leaves the key's rate-limit remaining unchanged after requests the account's budget refuses", async () => {
    const tag = newTag();
    const body = chatBody("openai/gpt-4o-mini", tag, { max_tokens: MAX_TOKENS });
    const worst = worstCaseTokens(body as { messages: unknown }, MAX_TOKENS);
    const accountId = await accountWithBudget({ period: "month", tokens: worst - 1 });
    const p = await provision({ account_id: accountId, rate_limit_per_hour: 10 });
    for (let i = 0; i < 4; i++) {
      expect(await expectError(await chat(p.secret_key, body), 429, "budget_exhausted")).toContain("account");
    }
    const raised = await admin(`/api/v1/accounts/${accountId}`, {
      method: "PATCH",
      body: { budget: { period: "month", tokens: 10 * worst } },
    });
    await expectStatus(raised, 200);
    const ok = await chat(p.secret_key, body);
    await expectStatus(ok, 200);
    // Only this admitted request counted: 10 - 1, not 10 - 5.
    expect(ok.headers.get("x-ratelimit-remaining")).toBe("9");
  });
});
