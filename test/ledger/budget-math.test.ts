import { describe, expect, it } from "vitest";
import type { Budget } from "../../src/db/schema";
import {
  budgetView,
  crossings,
  EMPTY_BOOK,
  fits,
  reserve,
  retryAfterOf,
  rollPeriod,
  settle,
} from "../../src/ledger/budget-book";
import { chargeOf } from "../../src/ledger/charge";
import { periodWindow } from "../../src/ledger/period";
import { priceBook } from "../../src/ledger/prices";
import { promptTokenBound, spendIntent, worstCaseCharge } from "../../src/ledger/spend-intent";

const at = (iso: string) => Date.parse(iso);

describe("budget periods (calendar UTC)", () => {
  it("starts a day at UTC midnight, a week on Monday, a month on the 1st; total never resets", () => {
    const now = at("2026-11-26T15:30:00Z"); // a Thursday
    expect(periodWindow("day", now)).toEqual({
      start: at("2026-11-26T00:00:00Z"),
      resetsAt: at("2026-11-27T00:00:00Z"),
    });
    expect(periodWindow("week", now)).toEqual({
      start: at("2026-11-23T00:00:00Z"),
      resetsAt: at("2026-11-30T00:00:00Z"),
    });
    expect(periodWindow("month", now)).toEqual({
      start: at("2026-11-01T00:00:00Z"),
      resetsAt: at("2026-12-01T00:00:00Z"),
    });
    expect(periodWindow("total", now)).toEqual({ start: 0, resetsAt: null });
  });

  it("puts a Sunday in the week that began the Monday before, and December rolls into January", () => {
    expect(periodWindow("week", at("2026-11-29T23:59:59Z")).start).toBe(at("2026-11-23T00:00:00Z"));
    expect(periodWindow("week", at("2026-11-30T00:00:00Z")).start).toBe(at("2026-11-30T00:00:00Z"));
    expect(periodWindow("month", at("2026-12-31T23:00:00Z")).resetsAt).toBe(at("2027-01-01T00:00:00Z"));
  });

  it("gives Retry-After as the seconds to the reset, and none for a total budget", () => {
    expect(retryAfterOf({ period: "day", tokens: 1 }, at("2026-11-26T23:59:00Z"))).toBe(60);
    expect(retryAfterOf({ period: "total", tokens: 1 }, at("2026-11-26T23:59:00Z"))).toBeNull();
  });
});

describe("prices", () => {
  it("prices a dated variant by its listed prefix, and a model without a price is tokens only", () => {
    const book = priceBook();
    expect(book.priceOf("openai/gpt-4o-mini-2024-07-18")).toEqual({ input: 0.15, output: 0.6 });
    expect(book.priceOf("openai/gpt-4o-2024-08-06")).toEqual({ input: 2.5, output: 10 });
    expect(book.priceOf("mock/echo")).toBeNull();
    expect(book.priceOf("anthropic/claude-sonnet-4-5-20250929")).toEqual({ input: 3, output: 15 });
    expect(book.priceOf("anthropic/claude-sonnet-4-5@20250929")).toEqual({ input: 3, output: 15 });
    expect(book.priceOf("openai/gpt-5-latest")).toEqual({ input: 1.25, output: 10 });
  });

  it("leaves a different model that merely starts with a listed name unpriced, never at its prefix's price", () => {
    const book = priceBook();
    expect(book.priceOf("openai/gpt-5-pro")).toBeNull();
    expect(book.priceOf("openai/o3-pro")).toBeNull();
    expect(book.priceOf("openai/o3-pro-2025-06-10")).toBeNull();
    // Asked twice (memoised), the answer is the same.
    expect(book.priceOf("openai/gpt-5-pro")).toBeNull();
    expect(book.priceOf("openai/gpt-5-mini")).toEqual({ input: 0.25, output: 2 });
    expect(chargeOf({ promptTokens: 19, completionTokens: 10 }, null)).toEqual({ tokens: 29, nanoUsd: 0 });
  });

  it("lets the operator's override replace, add and remove prices", () => {
    const book = priceBook({
      "openai/gpt-4o-mini": { input: 1, output: 2 },
      "mock/echo": { input: 3, output: 4 },
      "openai/gpt-4o": null,
    });
    expect(book.priceOf("openai/gpt-4o-mini")).toEqual({ input: 1, output: 2 });
    expect(book.priceOf("mock/echo")).toEqual({ input: 3, output: 4 });
    expect(book.priceOf("openai/gpt-4o")).toBeNull();
  });

  it("counts USD exactly in nano-dollars", () => {
    const price = { input: 0.15, output: 0.6 };
    expect(chargeOf({ promptTokens: 19, completionTokens: 10 }, price)).toEqual({
      tokens: 29,
      nanoUsd: 19 * 150 + 10 * 600,
    });
  });
});

describe("reservation arithmetic", () => {
  it("reserves one token per prompt byte plus the output cap, priced where the model has a price", () => {
    const messages = [{ role: "user", content: "héllo" }];
    const intent = spendIntent("openai/gpt-4o-mini", messages, 100);
    expect(intent.promptTokens).toBe(promptTokenBound(JSON.stringify(messages)));
    expect(intent.promptTokens).toBe(new TextEncoder().encode(JSON.stringify(messages)).byteLength);
    expect(worstCaseCharge(intent, { input: 1, output: 2 })).toEqual({
      tokens: intent.promptTokens + 100,
      nanoUsd: intent.promptTokens * 1000 + 100 * 2000,
    });
  });

  it("admits while spent + reserved + want fits every limit, and settles the real figure", () => {
    const budget: Budget = { period: "day", tokens: 100, usd: 0.001 };
    const now = at("2026-11-26T10:00:00Z");
    let book = rollPeriod(EMPTY_BOOK, budget, now);
    expect(fits(book, budget, { tokens: 100, nanoUsd: 0 })).toBe(true);
    expect(fits(book, budget, { tokens: 101, nanoUsd: 0 })).toBe(false);
    expect(fits(book, budget, { tokens: 1, nanoUsd: 1_000_001 })).toBe(false);
    book = reserve(book, { tokens: 60, nanoUsd: 0 });
    expect(fits(book, budget, { tokens: 41, nanoUsd: 0 })).toBe(false);
    book = settle(book, { tokens: 60, nanoUsd: 0 }, { tokens: 20, nanoUsd: 500 });
    expect(book.reserved).toEqual({ tokens: 0, nanoUsd: 0 });
    expect(book.spent).toEqual({ tokens: 20, nanoUsd: 500 });
    expect(fits(book, budget, { tokens: 80, nanoUsd: 0 })).toBe(true);
  });

  it("forgets spending at the period's reset but keeps reservations in flight (fake clock)", () => {
    const budget: Budget = { period: "day", tokens: 100 };
    let book = rollPeriod(EMPTY_BOOK, budget, at("2026-11-26T23:59:59Z"));
    book = settle(reserve(book, { tokens: 90, nanoUsd: 0 }), { tokens: 90, nanoUsd: 0 }, { tokens: 90, nanoUsd: 0 });
    book = reserve(book, { tokens: 10, nanoUsd: 0 });
    expect(fits(book, budget, { tokens: 1, nanoUsd: 0 })).toBe(false);
    const next = rollPeriod(book, budget, at("2026-11-27T00:00:00Z"));
    expect(next.spent.tokens).toBe(0);
    expect(next.reserved.tokens).toBe(10);
    expect(fits(next, budget, { tokens: 90, nanoUsd: 0 })).toBe(true);
    expect(fits(next, budget, { tokens: 91, nanoUsd: 0 })).toBe(false);
    expect(budgetView(next, budget, at("2026-11-27T00:00:00Z"))).toMatchObject({
      spent: { tokens: 0 },
      reserved: { tokens: 10 },
      remaining: { tokens: 90 },
      resets_at: "2026-11-28T00:00:00.000Z",
    });
  });

  it("reports each threshold (80 %, 100 %) once, when settled spending first reaches it", () => {
    const budget: Budget = { period: "total", tokens: 100 };
    const a = { ...EMPTY_BOOK, spent: { tokens: 70, nanoUsd: 0 } };
    const b = { ...EMPTY_BOOK, spent: { tokens: 85, nanoUsd: 0 } };
    const c = { ...EMPTY_BOOK, spent: { tokens: 100, nanoUsd: 0 } };
    expect(crossings(a, b, budget)).toEqual([{ unit: "tokens", percent: 80, spent: 85, limit: 100 }]);
    expect(crossings(b, c, budget)).toEqual([{ unit: "tokens", percent: 100, spent: 100, limit: 100 }]);
    expect(crossings(c, { ...c, spent: { tokens: 120, nanoUsd: 0 } }, budget)).toEqual([]);
    expect(crossings(a, c, budget).map((x) => x.percent)).toEqual([80, 100]);
  });
});
