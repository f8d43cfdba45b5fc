import { DurableObject } from "cloudflare:workers";
import type { Budget } from "../db/schema";
import type { KeyRecord } from "../keys/key-record";
import { judgeKey, type KeyState } from "../keys/key-state";
import type { KeyStatePush } from "../keys/key-state-push";
import type { BudgetView } from "../ledger/budget-book";
import type { Reservation } from "../ledger/budget-ledger";
import type { Charge } from "../ledger/charge";
import type { HourBucket } from "../ledger/hour-buckets";
import { ObjectLedger } from "../ledger/object-ledger";
import type { TokenUsage } from "../providers/types";
import { accountObject } from "./account-object";
import type { BudgetRefusal, KeyVerdict, LimitDecision, RateDecision, SpendRequest, Usage } from "./limiter";
import { SLIDING_WINDOW_SCHEMA, SlidingWindow, type WindowState } from "./sliding-window";
import { type AuthorityState, adoptRecord, applyPush, presentedKey, versionOf } from "./stored-state";
import { parseStoredState, serialiseState } from "./stored-state-format";
import { VISITORS_SCHEMA, Visitors } from "./visitors";

export { MAX_TRACKED_VISITORS } from "./visitors";
/** Request ids remembered so a retried call is answered from the record instead of counted again. */
export const MAX_REMEMBERED_REQUESTS = 1000;
/** Old request ids are deleted once per this many checks, not on every one. */
const FORGET_REQUESTS_EVERY = 100;
const KEY_SCOPE = "key";

/** What the gateway sends the object for one request: the record it authenticated, never the key. */
export type ObjectCheckInput = {
  keyHash: string;
  record: KeyRecord;
  clientIp: string;
  requestId: string;
  defaultLimit: number;
  spend?: SpendRequest;
};

/** The key's state allows the request; these are the limits that apply to it. */
export type KeyAllowed = { kind: "ok"; limit: number; visitorLimit: number | null };

/** What a request really used, sent after the answer (usage null: it failed and is refunded). */
export type Settlement = {
  requestId: string;
  accountId: string | null;
  model: string;
  usage: TokenUsage | null;
  charge: Charge;
};

/** A module's ledger as the admin API reads it live. */
export type LedgerSnapshot = {
  budget: BudgetView | null;
  /** Hours from `from` on that D1 does not hold yet. */
  hours: HourBucket[];
  /** Tokens not yet in D1 (to add to D1's lifetime totals). */
  unflushed: { promptTokens: number; completionTokens: number };
};

const SCHEMA = `
  ${SLIDING_WINDOW_SCHEMA}
  CREATE TABLE IF NOT EXISTS key_state (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL);
  ${VISITORS_SCHEMA}
  CREATE TABLE IF NOT EXISTS seen_requests (id TEXT NOT NULL UNIQUE, decision TEXT NOT NULL);
`;

const toSec = (ms: number) => Math.ceil(ms / 1000);

const ownerOf = (record: KeyRecord) =>
  ({ kind: "module", moduleId: record.moduleId, accountId: record.accountId }) as const;

/**
 * One per module (`idFromName(module_id)`): the module's key generations, status and limits as
 * the admin API last pushed them, and its sliding-window counters (per key and per client IP).
 * All state is in SQLite storage, so eviction or restart resets nothing; the hot state (window
 * buckets, visitors, remembered request ids) is also held in memory, read once per object start. Every RPC method is
 * synchronous from read to write, so concurrent requests are serialised by the input gate.
 */
export class ModuleAuthority extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly window: SlidingWindow;
  private readonly visitors: Visitors;
  private state: AuthorityState | null;
  /** request id → decision JSON: a copy of `seen_requests`, read in full once per object start. */
  private seen: Map<string, string> | null = null;
  /** request id → the decision of a check still awaiting its account object. */
  private readonly pending = new Map<string, Promise<LimitDecision>>();
  private readonly ledger: ObjectLedger;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
    this.window = new SlidingWindow(this.sql);
    this.ledger = new ObjectLedger(ctx, env);
    this.visitors = new Visitors(this.sql, (ip) => this.window.clear(`ip:${ip}`));
    const row = this.sql.exec<{ data: string }>("SELECT data FROM key_state WHERE id = 1").toArray()[0];
    this.state = row ? parseStoredState(row.data, ctx.id.name ?? "") : null;
  }

  /**
   * Judges the key, counts the request against the key and visitor limits and, for a spending
   * request, reserves its worst case in the module's budget and then in its account's (the
   * account's own object). Idempotent per request id.
   */
  async check(input: ObjectCheckInput): Promise<LimitDecision> {
    const seen = this.rememberedRequests();
    const replay = seen.get(input.requestId);
    if (replay !== undefined) return JSON.parse(replay) as LimitDecision;
    // A retry arriving while the first call awaits its account gets the first call's answer.
    const inFlight = this.pending.get(input.requestId);
    if (inFlight) return inFlight;
    const decided = this.admitAndCount(input);
    this.pending.set(input.requestId, decided);
    try {
      return this.remember(input.requestId, await decided);
    } finally {
      this.pending.delete(input.requestId);
    }
  }

  /**
   * Checks the limits and reserves in the module (synchronously), then in the account, and
   * counts the request in the windows only once every budget said yes: a budget refusal (or an
   * unreachable account) uses up no rate limit.
   */
  private async admitAndCount(input: ObjectCheckInput): Promise<LimitDecision> {
    const now = Date.now();
    const admitted = this.decide(input, now);
    if (!("scopes" in admitted)) return admitted;
    const reserved = await this.reserveAtAccount(input, admitted.rate, now);
    if (reserved.kind === "budget") return reserved;
    // The windows may have filled while the account answered: count only if they still admit.
    const at = Date.now();
    const counted = this.count(admitted.scopes, at);
    if (counted.allowed) return counted;
    this.ledger.release(input.requestId, this.moduleBudget(), at);
    const accountId = input.record.accountId;
    if (input.spend && accountId) await accountObject(this.env, accountId).releaseForAccount(input.requestId);
    return counted;
  }

  /** Stores a decision under its request id (bounded), for replays; returns it. */
  private remember(requestId: string, decision: LimitDecision): LimitDecision {
    const seen = this.rememberedRequests();
    const text = JSON.stringify(decision);
    const { rowid } = this.sql
      .exec<{ rowid: number }>(
        "INSERT INTO seen_requests (id, decision) VALUES (?, ?) RETURNING rowid",
        requestId,
        text,
      )
      .one();
    seen.set(requestId, text);
    // Between two deletions the table holds up to FORGET_REQUESTS_EVERY - 1 ids more than the bound.
    if (rowid % FORGET_REQUESTS_EVERY === 0) {
      this.sql.exec("DELETE FROM seen_requests WHERE rowid <= ?", rowid - MAX_REMEMBERED_REQUESTS);
      for (const id of seen.keys()) {
        if (seen.size <= MAX_REMEMBERED_REQUESTS) break;
        seen.delete(id);
      }
    }
    return decision;
  }

  /**
   * The remembered request ids, loaded from SQLite on the first check after the object starts and
   * then kept in step with it: this object is the table's only writer, and a failed write resets
   * the object (and with it this copy), so a replay check needs no query.
   */
  private rememberedRequests(): Map<string, string> {
    if (this.seen === null) {
      const rows = this.sql
        .exec<{ id: string; decision: string }>("SELECT id, decision FROM seen_requests ORDER BY rowid")
        .toArray();
      this.seen = new Map(rows.map((r) => [r.id, r.decision]));
    }
    return this.seen;
  }

  /**
   * Judges the key without counting, for backends that count elsewhere (Upstash), and reserves
   * a spending request's worst case like `check`; the caller releases it if its counter refuses.
   */
  async judge(input: ObjectCheckInput): Promise<KeyVerdict | KeyAllowed | BudgetRefusal> {
    const now = Date.now();
    const judged = this.judgeInput(input, now);
    if (judged.kind === "key") return judged;
    const limit = judged.state.rateLimitPerHour ?? input.defaultLimit;
    const allowed: KeyAllowed = { kind: "ok", limit, visitorLimit: judged.state.rateLimitPerVisitorPerHour };
    const rate: RateDecision = {
      kind: "rate",
      allowed: true,
      limit,
      remaining: limit,
      resetAt: toSec(now),
      retryAfter: 0,
    };
    const refused = this.reserveInModule(input, judged.state.budget, rate, now);
    if (refused) return refused;
    const decision = await this.reserveAtAccount(input, rate, now);
    return decision.kind === "budget" ? decision : allowed;
  }

  /** Refunds a reservation whose request never went ahead (another counter refused it). */
  async release(requestId: string, accountId: string | null): Promise<void> {
    this.ledger.release(requestId, this.moduleBudget(), Date.now());
    if (accountId) await accountObject(this.env, accountId).releaseForAccount(requestId);
  }

  /**
   * Replaces a reservation by what the request used: in this module's book and hour, then in
   * its account's book. Idempotent per request id (a retried settlement counts once).
   */
  async settle(s: Settlement): Promise<void> {
    this.ledger.settle(s.requestId, this.moduleBudget(), s.model, s.usage, s.charge, Date.now());
    if (s.accountId) await accountObject(this.env, s.accountId).settleForAccount(s.requestId, s.charge);
  }

  /** The module's budget and the usage D1 does not hold yet, from `from` (epoch ms) on. */
  snapshot(from: number): LedgerSnapshot {
    const budget = this.moduleBudget();
    return {
      budget: budget ? this.ledger.book.view(budget, Date.now()) : null,
      hours: this.ledger.hours.unflushedSince(from),
      unflushed: this.ledger.hours.unflushedTokens(),
    };
  }

  /** Account objects (`account:<id>`): reserves a module's request in the account's budget. */
  reserveForAccount(accountId: string, requestId: string, worstCase: Charge): Reservation {
    this.ledger.identify({ kind: "account", accountId });
    return this.ledger.reserve(requestId, this.ledger.accountBudget(), "", worstCase, Date.now());
  }

  /** Account objects: settles a module's request in the account's budget. Idempotent per request id. */
  settleForAccount(requestId: string, charge: Charge): void {
    this.ledger.settle(requestId, this.ledger.accountBudget(), "", null, charge, Date.now());
  }

  /** Account objects: refunds a module's request that never went ahead. */
  releaseForAccount(requestId: string): void {
    this.ledger.release(requestId, this.ledger.accountBudget(), Date.now());
  }

  /** Account objects: stores the account's budget as an admin write pushed it (`version` = its updated_at). */
  setAccountBudget(accountId: string, budget: Budget | null, version: number): void {
    this.ledger.identify({ kind: "account", accountId });
    this.ledger.setAccountBudget(budget, version);
  }

  /** Account objects: the account's budget figures, or null without a budget. */
  accountBudgetView(): BudgetView | null {
    const budget = this.ledger.accountBudget();
    return budget ? this.ledger.book.view(budget, Date.now()) : null;
  }

  /** Flushes closed hours and queued events to D1, and charges reservations whose Worker never settled them. */
  override async alarm(): Promise<void> {
    await this.flushLedger(Date.now());
  }

  /** The alarm's work as of `now` (a test passes a later clock to close the current hour). */
  async flushLedger(now: number): Promise<void> {
    await this.ledger.flush(now, this.moduleBudget());
  }

  /** The module's budget as pushed (or adopted from a record); null without one, or in an account's object. */
  private moduleBudget(): Budget | null {
    return this.state && !this.state.deleted ? (this.state.key.budget ?? null) : null;
  }

  /** The key's state after this request's record, judged at `now`. */
  private judgeInput(input: ObjectCheckInput, now: number): KeyVerdict | { kind: "ok"; state: KeyState } {
    const presented = presentedKey(this.reconcile(input.record, input.keyHash), input.keyHash, input.record.role);
    const judgement = judgeKey(presented?.key ?? null, presented?.role ?? input.record.role, now);
    if (judgement !== "ok" || !presented) return { kind: "key", code: judgement === "ok" ? "invalid_key" : judgement };
    return { kind: "ok", state: presented.key };
  }

  /** Stores an admin write's state (kept only if not older than what is stored). Persisted on return. */
  sync(push: KeyStatePush): { version: number } {
    const next = applyPush(this.state, push);
    if (next !== this.state) {
      this.save(next);
      if (next.deleted) {
        this.window.clear();
        this.visitors.clear();
      }
    }
    return { version: versionOf(next) };
  }

  /** The per-key window's usage under `limit`, counting nothing. */
  usage(limit: number): Usage {
    const now = Date.now();
    const win = this.window.read(KEY_SCOPE, now);
    return {
      limit,
      used: win.used,
      remaining: Math.max(0, limit - win.used),
      resetAt: toSec(this.window.nextSlotAt(win, now)),
    };
  }

  /**
   * Judges the key and checks every limit, and reserves a spending request in the module's
   * budget; counts nothing. The scopes to count once the account has reserved too, or the refusal.
   */
  private decide(
    input: ObjectCheckInput,
    now: number,
  ):
    | KeyVerdict
    | BudgetRefusal
    | RateDecision
    | { rate: RateDecision; scopes: Array<{ scope: string; limit: number }> } {
    const judged = this.judgeInput(input, now);
    if (judged.kind === "key") return judged;
    const state = judged.state;

    const limits: Array<{ scope: string; limit: number; win: WindowState }> = [];
    const keyLimit = state.rateLimitPerHour ?? input.defaultLimit;
    limits.push({ scope: KEY_SCOPE, limit: keyLimit, win: this.window.read(KEY_SCOPE, now) });
    if (state.rateLimitPerVisitorPerHour !== null) {
      const scope = this.trackVisitor(input.clientIp, now);
      limits.push({ scope, limit: state.rateLimitPerVisitorPerHour, win: this.window.read(scope, now) });
    }

    // Every limit is checked before any is counted: a request one limit rejects uses up no other.
    const exhausted = limits.filter((l) => l.win.used >= l.limit);
    if (input.spend) this.ledger.identify(ownerOf(input.record));
    if (exhausted.length > 0) {
      if (input.spend) this.ledger.reject(input.spend.model, now);
      return this.refusal(exhausted, now);
    }
    const rate = this.rateFigures(limits, now);
    const refused = this.reserveInModule(input, state.budget, rate, now);
    if (refused) return refused;
    return { rate, scopes: limits.map(({ scope, limit }) => ({ scope, limit })) };
  }

  /** The 429 figures when some windows are full: the tightest limit, and when all of them admit again. */
  private refusal(exhausted: Array<{ scope: string; limit: number; win: WindowState }>, now: number): RateDecision {
    const at = Math.max(...exhausted.map((l) => this.window.admitsAgainAt(l.scope, l.win, l.limit, now)));
    const tightest = exhausted[0] as (typeof exhausted)[number];
    return {
      kind: "rate",
      allowed: false,
      limit: tightest.limit,
      remaining: 0,
      resetAt: toSec(at),
      retryAfter: Math.max(1, Math.ceil((at - now) / 1000)),
    };
  }

  /** Counts an admitted request in each window if every one still admits it; the figures. */
  private count(scopes: Array<{ scope: string; limit: number }>, now: number): RateDecision {
    const limits = scopes.map((l) => ({ ...l, win: this.window.read(l.scope, now) }));
    const exhausted = limits.filter((l) => l.win.used >= l.limit);
    if (exhausted.length > 0) {
      return this.refusal(exhausted, now);
    }
    let answer: RateDecision | null = null;
    for (const l of limits) {
      this.window.add(l.scope, now);
      const after: WindowState = { used: l.win.used + 1, oldestSec: l.win.oldestSec ?? Math.floor(now / 1000) };
      const remaining = l.limit - after.used;
      if (answer === null || remaining < answer.remaining) {
        const resetAt = toSec(this.window.nextSlotAt(after, now));
        answer = { kind: "rate", allowed: true, limit: l.limit, remaining, resetAt, retryAfter: 0 };
      }
    }
    return answer as RateDecision;
  }

  /** The X-RateLimit-* figures of the tightest limit, counting nothing. */
  private rateFigures(limits: Array<{ scope: string; limit: number; win: WindowState }>, now: number): RateDecision {
    let answer: RateDecision | null = null;
    for (const l of limits) {
      const remaining = Math.max(0, l.limit - l.win.used);
      if (answer === null || remaining < answer.remaining) {
        const resetAt = toSec(this.window.nextSlotAt(l.win, now));
        answer = { kind: "rate", allowed: true, limit: l.limit, remaining, resetAt, retryAfter: 0 };
      }
    }
    return answer as RateDecision;
  }

  /** Reserves a spending request's worst case in the module's budget; the refusal, or null when reserved. */
  private reserveInModule(input: ObjectCheckInput, budget: Budget | null, rate: RateDecision, now: number) {
    if (!input.spend) return null;
    this.ledger.identify(ownerOf(input.record));
    const r = this.ledger.reserve(input.requestId, budget ?? null, input.spend.model, input.spend.worstCase, now);
    if (r.ok) return null;
    return { kind: "budget", scope: "module", retryAfter: r.retryAfter, rate } satisfies BudgetRefusal;
  }

  /**
   * Reserves an admitted spending request in its account's budget, in the account's own object.
   * This object's own part is already done (synchronously, so exact); while the account answers,
   * other requests may run here, and they see this request's module reservation. A refusal or
   * an unreachable account object releases the module reservation (fail closed).
   */
  private async reserveAtAccount(input: ObjectCheckInput, rate: RateDecision, now: number): Promise<LimitDecision> {
    const accountId = input.record.accountId;
    if (!input.spend || !accountId) return rate;
    let r: Reservation;
    try {
      r = await accountObject(this.env, accountId).reserveForAccount(accountId, input.requestId, input.spend.worstCase);
    } catch (err) {
      this.ledger.release(input.requestId, this.moduleBudget(), Date.now());
      throw err;
    }
    if (r.ok) return rate;
    this.ledger.release(input.requestId, this.moduleBudget(), Date.now());
    this.ledger.reject(input.spend.model, now);
    return { kind: "budget", scope: "account", retryAfter: r.retryAfter, rate };
  }

  /** Records the visitor as just seen; its window's scope. */
  private trackVisitor(ip: string, now: number): string {
    this.visitors.touch(ip, now);
    return `ip:${ip}`;
  }

  private reconcile(record: KeyRecord, keyHash: string): AuthorityState {
    const next = adoptRecord(this.state, record, keyHash);
    if (next !== this.state) this.save(next);
    return next;
  }

  private save(next: AuthorityState): void {
    this.sql.exec(
      "INSERT INTO key_state (id, data) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
      serialiseState(next),
    );
    this.state = next;
  }
}
