import type { z } from "@hono/zod-openapi";
import { expect } from "vitest";
import { promptTokenBound } from "../../src/ledger/spend-intent";
import type { BudgetUsageSchema } from "../../src/schemas/budget";
import type { UsageSeriesSchema } from "../../src/schemas/usage";
import { admin, expectStatus } from "./api";

/** The wire shapes the admin API documents, from the zod schemas that also generate /openapi.json. */
export type Series = z.infer<typeof UsageSeriesSchema>;
export type BudgetFigures = z.infer<typeof BudgetUsageSchema>;
type Figures = Omit<Series["series"][number], "start" | "by_model">;

/** What the chat route reserves for a body: one token per byte of its messages and tools, plus the output cap. */
export function worstCaseTokens(body: { messages: unknown; tools?: unknown }, maxTokens: number): number {
  return promptTokenBound([body.messages, body.tools]) + maxTokens;
}

/** GET /modules/{id} `usage.budget`. */
export async function moduleBudget(moduleId: string): Promise<BudgetFigures> {
  const body = await expectStatus<{ usage: { budget?: BudgetFigures } }>(
    await admin(`/api/v1/modules/${moduleId}`),
    200,
  );
  expect(body.usage.budget, JSON.stringify(body.usage)).toBeDefined();
  return body.usage.budget as BudgetFigures;
}

/** GET /accounts/{id}/usage `budget`. */
export async function accountBudget(accountId: string): Promise<BudgetFigures> {
  const body = await expectStatus<Series>(await admin(`/api/v1/accounts/${accountId}/usage`), 200);
  return body.budget as BudgetFigures;
}

/** Polls until the reading satisfies `done` (settlements run after the answer) or 5 s pass. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** GET …/usage for a module or an account (default: the last 24 hours by hour). */
export async function usageSeries(path: string): Promise<Series> {
  return expectStatus<Series>(await admin(`${path}/usage`), 200);
}

/** The sum of a series' points, overall and per model. */
export function totals(s: Series): Figures & { by_model: Record<string, Figures> } {
  const out = {
    requests: 0,
    rejected: 0,
    prompt_tokens: 0,
    completion_tokens: 0,
    cost_usd: 0,
    by_model: {} as Record<string, Figures>,
  };
  for (const p of s.series) {
    for (const k of ["requests", "rejected", "prompt_tokens", "completion_tokens", "cost_usd"] as const) out[k] += p[k];
    for (const [model, f] of Object.entries(p.by_model)) {
      const m = out.by_model[model] ?? {
        requests: 0,
        rejected: 0,
        prompt_tokens: 0,
        completion_tokens: 0,
        cost_usd: 0,
      };
      for (const k of ["requests", "rejected", "prompt_tokens", "completion_tokens", "cost_usd"] as const) m[k] += f[k];
      out.by_model[model] = m;
    }
  }
  return out;
}
