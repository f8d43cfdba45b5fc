import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import { usageHourly } from "../../src/db/schema";
import { admin, expectError, expectStatus, provision } from "../helpers/api";
import { eventually, totals, usageSeries } from "../helpers/ledger";
import { limiterStub } from "../helpers/rate-limit";
import { chat, chatBody, createAccount, newTag } from "../helpers/upstream";

const HOUR = 3_600_000;

/** Mixed traffic on one module: answers, streams, a failure and two rate-limit refusals. */
async function mixedTraffic(key: string): Promise<void> {
  const tag = newTag();
  for (let i = 0; i < 2; i++) await expectStatus(await chat(key, chatBody("openai/gpt-4o-mini", tag)), 200);
  for (const model of ["anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"]) {
    const res = await chat(key, chatBody(model, tag, { stream: true }));
    expect(res.status).toBe(200);
    await res.text();
  }
  const failed = await chat(key, chatBody("openai/gpt-4o-mini", tag, {}, "behave:status-500"));
  expect(failed.status).toBeGreaterThanOrEqual(500);
  await failed.text();
  for (let i = 0; i < 2; i++) await expectError(await chat(key, chatBody("mock/echo", tag)), 429, "rate_limited");
}

/** What the fake upstream reported for that traffic (test/fixtures), per model. */
const EXPECTED = {
  "openai/gpt-4o-mini": {
    requests: 3,
    rejected: 0,
    prompt_tokens: 38,
    completion_tokens: 20,
    cost_usd: (2 * (19 * 0.15 + 10 * 0.6)) / 1e6,
  },
  "anthropic/claude-sonnet-4-5": {
    requests: 1,
    rejected: 0,
    prompt_tokens: 21,
    completion_tokens: 16,
    cost_usd: (21 * 3 + 16 * 15) / 1e6,
  },
  "gemini/gemini-2.5-flash": {
    requests: 1,
    rejected: 0,
    prompt_tokens: 12,
    completion_tokens: 10,
    cost_usd: (12 * 0.3 + 10 * 2.5) / 1e6,
  },
  "mock/echo": { requests: 0, rejected: 2, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0 },
};

function expectExact(actual: ReturnType<typeof totals>) {
  expect(actual).toMatchObject({ requests: 5, rejected: 2, prompt_tokens: 71, completion_tokens: 46 });
  for (const [model, want] of Object.entries(EXPECTED)) {
    const got = actual.by_model[model];
    expect(got, model).toBeDefined();
    expect({ ...got, cost_usd: 0 }, model).toEqual({ ...want, cost_usd: 0 });
    expect(got?.cost_usd, model).toBeCloseTo(want.cost_usd, 12);
  }
}

describe("the usage ledger", () => {
  it("serves a series equal to what the fake upstream reported, the current hour read live from the object", async () => {
    const p = await provision({ rate_limit_per_hour: 5 });
    await mixedTraffic(p.secret_key);
    const live = await eventually(
      () => usageSeries(`/api/v1/modules/${p.module_id}`),
      (s) => totals(s).requests === 5,
    );
    expectExact(totals(live));
    expect(live.series).toHaveLength(24);
    const module = await expectStatus<{ usage: { prompt_tokens: number; completion_tokens: number } }>(
      await admin(`/api/v1/modules/${p.module_id}`),
      200,
    );
    expect(module.usage).toMatchObject({ prompt_tokens: 71, completion_tokens: 46 });
  });

  it("flushes closed hours to D1 idempotently: running the alarm twice (and after a lost mark) changes nothing", async () => {
    const p = await provision({ rate_limit_per_hour: 5 });
    await mixedTraffic(p.secret_key);
    const before = await eventually(
      () => usageSeries(`/api/v1/modules/${p.module_id}`),
      (s) => totals(s).requests === 5,
    );
    const stub = limiterStub(p.module_id);
    const later = Date.now() + 2 * HOUR;
    await runInDurableObject(stub, (instance) => instance.flushLedger(later));
    const db = database(env.DB);
    const rows = async () =>
      (await db.select().from(usageHourly).where(eq(usageHourly.moduleId, p.module_id)).all()).sort((a, b) =>
        a.model.localeCompare(b.model),
      );
    const first = await rows();
    expect(first.map((r) => r.model)).toEqual(Object.keys(EXPECTED).sort());
    expect(first.reduce((n, r) => n + r.promptTokens, 0)).toBe(71);
    await runInDurableObject(stub, (instance) => instance.flushLedger(later));
    expect(await rows()).toEqual(first);
    // A flush whose "flushed" mark was lost (the object died after D1 took the rows) writes them again: same figures.
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("UPDATE ledger_hours SET flushed = 0");
    });
    await evictDurableObject(stub);
    await runInDurableObject(stub, (instance) => instance.flushLedger(later));
    expect(await rows()).toEqual(first);
    // Stored and live figures are never added twice.
    expectExact(totals(await usageSeries(`/api/v1/modules/${p.module_id}`)));
    expect(totals(before)).toEqual(totals(await usageSeries(`/api/v1/modules/${p.module_id}`)));
  });

  it("sums an account's modules, and answers 400 naming the field for a bad range", async () => {
    const accountId = await createAccount(true);
    const [a, b] = await Promise.all([provision({ account_id: accountId }), provision({ account_id: accountId })]);
    if (!a || !b) throw new Error("provision failed");
    const tag = newTag();
    await expectStatus(await chat(a.secret_key, chatBody("openai/gpt-4o-mini", tag)), 200);
    await expectStatus(await chat(b.secret_key, chatBody("openai/gpt-4o-mini", tag)), 200);
    const s = await eventually(
      () => usageSeries(`/api/v1/accounts/${accountId}`),
      (x) => totals(x).requests === 2,
    );
    expect(totals(s)).toMatchObject({ requests: 2, prompt_tokens: 38, completion_tokens: 20 });
    const bad = await admin(`/api/v1/modules/${a.module_id}/usage?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z`);
    expect(await expectError(bad, 400, "invalid_request")).toContain("from");
    const daily = await admin(`/api/v1/modules/${a.module_id}/usage?granularity=day`);
    const days = await expectStatus<{ series: unknown[] }>(daily, 200);
    expect(days.series).toHaveLength(30);
  });
});
