import type { Budget } from "../db/schema";
import type { NewWebhookEvent } from "../db/webhook-events";
import {
  type BookState,
  type BudgetView,
  budgetView,
  type Crossing,
  crossings,
  EMPTY_BOOK,
  fits,
  reserve,
  retryAfterOf,
  rollPeriod,
  settle,
} from "./budget-book";
import { addCharges, type Charge, NO_CHARGE } from "./charge";

export const BUDGET_LEDGER_SCHEMA = `
  CREATE TABLE IF NOT EXISTS ledger_book (id INTEGER PRIMARY KEY CHECK (id = 1), period_start INTEGER NOT NULL,
    spent_tokens INTEGER NOT NULL, spent_nano INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS ledger_reservations (id TEXT PRIMARY KEY, tokens INTEGER NOT NULL, nano INTEGER NOT NULL,
    at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS ledger_outbox (dedupe TEXT PRIMARY KEY, row TEXT NOT NULL);
`;

/** A reservation never settled (its Worker died) is charged in full after this long. */
export const RESERVATION_TTL_MS = 60 * 60 * 1000;

/** The answer to a reservation: admitted, or refused with seconds to the period's reset (null for `total`). */
export type Reservation = { ok: true } | { ok: false; retryAfter: number | null };

/** What a settlement did: whether it found its reservation, and the budget thresholds it crossed. */
export type Settled = { settled: boolean; crossings: Crossing[]; periodStart: number };

type Held = { charge: Charge; at: number };

/**
 * One budget's book inside a Durable Object (a module's or an account's): what was spent in the
 * current period and every reservation in flight. Each method is synchronous and writes through
 * to SQLite before returning, so between the read and the write no other request can run (the
 * input gate) and an eviction or restart loses nothing: that is what makes admission exact.
 * Reservations are kept per request id, which makes a retried settlement count once.
 */
export class BudgetLedger {
  private book: BookState;
  private readonly held = new Map<string, Held>();

  constructor(private readonly sql: SqlStorage) {
    sql.exec(BUDGET_LEDGER_SCHEMA);
    const row = sql
      .exec<{ period_start: number; spent_tokens: number; spent_nano: number }>(
        "SELECT period_start, spent_tokens, spent_nano FROM ledger_book WHERE id = 1",
      )
      .toArray()[0];
    let reserved = NO_CHARGE;
    for (const r of sql.exec<{ id: string; tokens: number; nano: number; at: number }>(
      "SELECT * FROM ledger_reservations",
    )) {
      const charge = { tokens: r.tokens, nanoUsd: r.nano };
      this.held.set(r.id, { charge, at: r.at });
      reserved = addCharges(reserved, charge);
    }
    this.book = row
      ? { periodStart: row.period_start, spent: { tokens: row.spent_tokens, nanoUsd: row.spent_nano }, reserved }
      : { ...EMPTY_BOOK, reserved };
  }

  /**
   * Reserves `charge` under request `id` if it fits the budget (always, without one: the
   * reservation then only makes the settlement idempotent). A known id is answered "ok" again.
   */
  reserve(id: string, budget: Budget | null, charge: Charge, now: number): Reservation {
    if (this.held.has(id)) return { ok: true };
    if (budget) {
      this.roll(budget, now);
      if (!fits(this.book, budget, charge)) return { ok: false, retryAfter: retryAfterOf(budget, now) };
    }
    this.book = reserve(this.book, charge);
    this.held.set(id, { charge, at: now });
    this.sql.exec(
      "INSERT INTO ledger_reservations (id, tokens, nano, at) VALUES (?, ?, ?, ?)",
      id,
      charge.tokens,
      charge.nanoUsd,
      now,
    );
    return { ok: true };
  }

  /** Replaces reservation `id` by `actual` (0 refunds it). A second settlement of the same id changes nothing. */
  settle(id: string, budget: Budget | null, actual: Charge, now: number): Settled {
    const held = this.held.get(id);
    if (!held) return { settled: false, crossings: [], periodStart: this.book.periodStart };
    // Rolled first, so the crossings compare within the period the charge lands in.
    if (budget) this.roll(budget, now);
    const before = this.book;
    this.book = settle(this.book, held.charge, actual);
    this.held.delete(id);
    this.sql.exec("DELETE FROM ledger_reservations WHERE id = ?", id);
    this.saveBook();
    return {
      settled: true,
      crossings: budget ? crossings(before, this.book, budget) : [],
      periodStart: this.book.periodStart,
    };
  }

  /** Ids of reservations older than the TTL, oldest first: their Workers never settled them. */
  stale(now: number): string[] {
    return [...this.held].filter(([, h]) => now - h.at >= RESERVATION_TTL_MS).map(([id]) => id);
  }

  /** The worst case a stale reservation held: what it is charged, since its real use is unknown. */
  heldCharge(id: string): Charge | null {
    return this.held.get(id)?.charge ?? null;
  }

  /** When the oldest reservation goes stale, or null with none in flight. */
  nextStaleAt(): number | null {
    let oldest: number | null = null;
    for (const h of this.held.values()) if (oldest === null || h.at < oldest) oldest = h.at;
    return oldest === null ? null : oldest + RESERVATION_TTL_MS;
  }

  view(budget: Budget, now: number): BudgetView {
    return budgetView(this.book, budget, now);
  }

  /** Keeps an event row until the alarm has put it into D1's outbox. */
  queueEvent(row: NewWebhookEvent): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO ledger_outbox (dedupe, row) VALUES (?, ?)",
      row.dedupeKey,
      JSON.stringify(row),
    );
  }

  queuedEvents(): NewWebhookEvent[] {
    return this.sql
      .exec<{ row: string }>("SELECT row FROM ledger_outbox")
      .toArray()
      .map((r) => JSON.parse(r.row) as NewWebhookEvent);
  }

  dropEvents(rows: NewWebhookEvent[]): void {
    for (const r of rows) this.sql.exec("DELETE FROM ledger_outbox WHERE dedupe = ?", r.dedupeKey);
  }

  private roll(budget: Budget, now: number): void {
    const next = rollPeriod(this.book, budget, now);
    if (next !== this.book) {
      this.book = next;
      this.saveBook();
    }
  }

  private saveBook(): void {
    this.sql.exec(
      `INSERT INTO ledger_book (id, period_start, spent_tokens, spent_nano) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET period_start = excluded.period_start, spent_tokens = excluded.spent_tokens,
       spent_nano = excluded.spent_nano`,
      this.book.periodStart,
      this.book.spent.tokens,
      this.book.spent.nanoUsd,
    );
  }
}
