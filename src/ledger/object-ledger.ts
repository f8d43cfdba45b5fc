import { configOf } from "../config";
import { database } from "../db/client";
import type { Budget } from "../db/schema";
import { upsertUsageHours } from "../db/usage-hourly";
import { enqueueWebhookEvents } from "../db/webhook-events";
import { createLogger } from "../lib/logger";
import type { TokenUsage } from "../providers/types";
import { budgetThresholdEvent } from "../webhooks/events";
import { BudgetLedger, type Reservation } from "./budget-ledger";
import { type Charge, NO_CHARGE } from "./charge";
import { HourLedger } from "./hour-ledger";
import { hourOf } from "./period";

/** Whose ledger an object keeps: a module's (module id and its account) or an account's. */
export type LedgerOwner =
  | { kind: "module"; moduleId: string; accountId: string | null }
  | { kind: "account"; accountId: string };

/** After an hour closes, the alarm flushes it this much later (late settlements land in the new hour anyway). */
const FLUSH_DELAY_MS = 30_000;

const META_SCHEMA = `
  CREATE TABLE IF NOT EXISTS ledger_meta (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL,
    budget TEXT, budget_version INTEGER NOT NULL DEFAULT 0);
`;

/**
 * The ledger a Durable Object keeps: its budget book (reservations in flight, spending in the
 * period), per-hour usage buckets (module objects), `budget.threshold` events waiting for D1,
 * and the alarm that flushes closed hours and events to D1. Everything on the request path is
 * synchronous SQLite in the object; D1 is written only by the alarm.
 */
export class ObjectLedger {
  readonly book: BudgetLedger;
  readonly hours: HourLedger;
  private owner: LedgerOwner | null;
  /** An account object's own budget (module objects take theirs from the key state). */
  private ownBudget: { budget: Budget | null; version: number };
  private alarmAt: number | null = null;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
  ) {
    const sql = ctx.storage.sql;
    sql.exec(META_SCHEMA);
    this.book = new BudgetLedger(sql);
    this.hours = new HourLedger(sql);
    const meta = sql
      .exec<{ owner: string; budget: string | null; budget_version: number }>("SELECT * FROM ledger_meta WHERE id = 1")
      .toArray()[0];
    this.owner = meta ? (JSON.parse(meta.owner) as LedgerOwner) : null;
    this.ownBudget = {
      budget: meta?.budget ? (JSON.parse(meta.budget) as Budget) : null,
      version: meta?.budget_version ?? 0,
    };
  }

  /** Records whose ledger this is, the first time it is known. */
  identify(owner: LedgerOwner): void {
    if (this.owner && JSON.stringify(this.owner) === JSON.stringify(owner)) return;
    this.owner = owner;
    this.saveMeta();
  }

  accountBudget(): Budget | null {
    return this.ownBudget.budget;
  }

  /** Stores an account's budget as pushed by an admin write; an older push changes nothing. */
  setAccountBudget(budget: Budget | null, version: number): void {
    if (version < this.ownBudget.version) return;
    this.ownBudget = { budget, version };
    this.saveMeta();
  }

  /** Reserves a request's worst case; a refusal counts in the hour as rejected (for `model`). */
  reserve(id: string, budget: Budget | null, model: string, charge: Charge, now: number): Reservation {
    const r = this.book.reserve(id, budget, charge, now);
    if (!r.ok) this.reject(model, now);
    this.ensureAlarm(now);
    return r;
  }

  /** Counts a refused request (rate limit or budget) in its hour. */
  reject(model: string, now: number): void {
    if (this.owner?.kind === "module" && this.hours.record({ kind: "rejected", model }, now)) this.ensureAlarm(now);
  }

  /**
   * Replaces reservation `id` by what the request really used (null usage: it failed, so the
   * reservation is refunded), counts it in its hour and queues the thresholds it crossed.
   * Idempotent per id. Returns whether this call settled it.
   */
  settle(
    id: string,
    budget: Budget | null,
    model: string,
    usage: TokenUsage | null,
    actual: Charge,
    now: number,
  ): boolean {
    const r = this.book.settle(id, budget, actual, now);
    if (!r.settled) return false;
    if (this.owner?.kind === "module") {
      this.hours.record(
        {
          kind: "answered",
          model,
          promptTokens: usage?.promptTokens ?? 0,
          completionTokens: usage?.completionTokens ?? 0,
          charge: actual,
        },
        now,
      );
    }
    if (budget && r.crossings.length > 0 && this.owner && configOf(this.env).EXPIRY_WEBHOOK_URL) {
      const who =
        this.owner.kind === "module" ? { module_id: this.owner.moduleId } : { account_id: this.owner.accountId };
      for (const crossing of r.crossings) {
        this.book.queueEvent(
          budgetThresholdEvent(who, { period: budget.period, periodStart: r.periodStart }, crossing, now),
        );
      }
      this.ensureAlarm(now, now);
    }
    this.ensureAlarm(now);
    return true;
  }

  /** Refunds reservation `id` of a request that never went ahead; counts nothing in the hour. */
  release(id: string, budget: Budget | null, now: number): void {
    this.book.settle(id, budget, NO_CHARGE, now);
  }

  /**
   * The alarm's work at `now`: charges reservations that outlived their Worker in full (fail
   * closed), writes closed hours to D1 as absolute figures (so running it twice is harmless),
   * moves queued events into D1's outbox, and sets the next alarm if anything is left.
   */
  async flush(now: number, budget: Budget | null): Promise<void> {
    for (const id of this.book.stale(now)) {
      const charge = this.book.heldCharge(id);
      if (charge) this.book.settle(id, budget, charge, now);
      createLogger({ job: "ledger" }).warn("reservation_expired", { request_id: id, tokens: charge?.tokens ?? 0 });
    }
    const db = database(this.env.DB);
    const owner = this.owner;
    if (owner?.kind === "module") {
      const closed = this.hours.closed(now);
      if (closed.length > 0) {
        await upsertUsageHours(db, owner.moduleId, owner.accountId, closed);
        this.hours.markFlushed(closed, now);
      }
    }
    const events = this.book.queuedEvents();
    if (events.length > 0) {
      await enqueueWebhookEvents(db, events);
      this.book.dropEvents(events);
    }
    this.alarmAt = null;
    this.ensureAlarm(now);
  }

  /** Sets the alarm for the earliest of: the close of an unflushed hour, a reservation going stale, `soon`. */
  private ensureAlarm(now: number, soon: number | null = null): void {
    const wanted: number[] = [];
    if (this.hours.hasUnflushed()) wanted.push(hourOf(now) + 3_600_000 + FLUSH_DELAY_MS);
    const stale = this.book.nextStaleAt();
    if (stale !== null) wanted.push(stale);
    if (soon !== null) wanted.push(soon);
    if (wanted.length === 0) return;
    const at = Math.min(...wanted);
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    void this.ctx.storage.setAlarm(at);
  }

  private saveMeta(): void {
    this.ctx.storage.sql.exec(
      `INSERT INTO ledger_meta (id, owner, budget, budget_version) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, budget = excluded.budget,
       budget_version = excluded.budget_version`,
      JSON.stringify(this.owner),
      this.ownBudget.budget ? JSON.stringify(this.ownBudget.budget) : null,
      this.ownBudget.version,
    );
  }
}
