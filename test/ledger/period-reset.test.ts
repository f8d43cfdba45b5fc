import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Budget } from "../../src/db/schema";
import { BudgetLedger } from "../../src/ledger/budget-ledger";
import { ObjectLedger } from "../../src/ledger/object-ledger";

const at = (iso: string) => Date.parse(iso);
const tokens = (n: number) => ({ tokens: n, nanoUsd: 0 });

describe("budget periods in the object (fake clock)", () => {
  it("refuses until the period resets, then admits again; the book survives the object restarting", async () => {
    const stub = env.MODULE_AUTHORITY.get(env.MODULE_AUTHORITY.idFromName(`period-${crypto.randomUUID()}`));
    const week: Budget = { period: "week", tokens: 100 };
    await runInDurableObject(stub, (_i, state) => {
      const book = new BudgetLedger(state.storage.sql);
      expect(book.reserve("a", week, tokens(60), at("2026-11-29T23:00:00Z"))).toEqual({ ok: true }); // Sunday
      book.settle("a", week, tokens(90), at("2026-11-29T23:30:00Z"));
      // 90 spent this ISO week: Retry-After is the seconds to Monday 00:00 UTC.
      expect(book.reserve("b", week, tokens(20), at("2026-11-29T23:59:00Z"))).toEqual({ ok: false, retryAfter: 60 });
      expect(book.reserve("c", week, tokens(10), at("2026-11-29T23:59:30Z"))).toEqual({ ok: true }); // in flight over midnight
    });
    await runInDurableObject(stub, (_i, state) => {
      // A fresh ledger over the same storage: what a restarted object reads back.
      const book = new BudgetLedger(state.storage.sql);
      const monday = at("2026-11-30T00:00:01Z");
      expect(book.view(week, monday)).toMatchObject({
        spent: { tokens: 0 },
        reserved: { tokens: 10 },
        remaining: { tokens: 90 },
      });
      expect(book.reserve("d", week, tokens(91), monday)).toEqual({ ok: false, retryAfter: 7 * 86_400 - 1 });
      expect(book.reserve("e", week, tokens(90), monday)).toEqual({ ok: true });
      book.settle("c", week, tokens(4), monday);
      book.settle("e", week, tokens(0), monday);
      expect(book.view(week, monday)).toMatchObject({ spent: { tokens: 4 }, reserved: { tokens: 0 } });
    });
  });

  it("charges a reservation its Worker never settled in full once it is an hour old (fail closed)", async () => {
    const stub = env.MODULE_AUTHORITY.get(env.MODULE_AUTHORITY.idFromName(`stale-${crypto.randomUUID()}`));
    const day: Budget = { period: "day", tokens: 1000 };
    const t0 = at("2026-11-26T10:00:00Z");
    await runInDurableObject(stub, async (_i, state) => {
      const ledger = new ObjectLedger(state, env);
      ledger.identify({ kind: "account", accountId: "acc_stale" });
      ledger.reserve("lost", day, "", tokens(300), t0);
      await ledger.flush(t0 + 59 * 60_000, day);
      expect(ledger.book.view(day, t0 + 59 * 60_000)).toMatchObject({
        spent: { tokens: 0 },
        reserved: { tokens: 300 },
      });
      await ledger.flush(t0 + 60 * 60_000, day);
      expect(ledger.book.view(day, t0 + 60 * 60_000)).toMatchObject({
        spent: { tokens: 300 },
        reserved: { tokens: 0 },
      });
      // A settlement that arrives after all is not counted again.
      ledger.settle("lost", day, "", null, tokens(10), t0 + 61 * 60_000);
      expect(ledger.book.view(day, t0 + 61 * 60_000).spent.tokens).toBe(300);
    });
  });
});
