import { DurableObject } from "cloudflare:workers";
import type { KeyRecord } from "../keys/key-record";
import { judgeKey, type KeyState } from "../keys/key-state";
import type { KeyStatePush } from "../keys/key-state-push";
import type { KeyVerdict, LimitDecision, RateDecision, Usage } from "./limiter";
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
};

/** The key's state allows the request; these are the limits that apply to it. */
export type KeyAllowed = { kind: "ok"; limit: number; visitorLimit: number | null };

const SCHEMA = `
  ${SLIDING_WINDOW_SCHEMA}
  CREATE TABLE IF NOT EXISTS key_state (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL);
  ${VISITORS_SCHEMA}
  CREATE TABLE IF NOT EXISTS seen_requests (id TEXT NOT NULL UNIQUE, decision TEXT NOT NULL);
`;

const toSec = (ms: number) => Math.ceil(ms / 1000);

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

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
    this.window = new SlidingWindow(this.sql);
    this.visitors = new Visitors(this.sql, (ip) => this.window.clear(`ip:${ip}`));
    const row = this.sql.exec<{ data: string }>("SELECT data FROM key_state WHERE id = 1").toArray()[0];
    this.state = row ? parseStoredState(row.data, ctx.id.name ?? "") : null;
  }

  /** Judges the key, then counts the request against the key and visitor limits. Idempotent per request id. */
  check(input: ObjectCheckInput): LimitDecision {
    const seen = this.rememberedRequests();
    const replay = seen.get(input.requestId);
    if (replay !== undefined) return JSON.parse(replay) as LimitDecision;
    const decision = this.decide(input, Date.now());
    const text = JSON.stringify(decision);
    const { rowid } = this.sql
      .exec<{ rowid: number }>(
        "INSERT INTO seen_requests (id, decision) VALUES (?, ?) RETURNING rowid",
        input.requestId,
        text,
      )
      .one();
    seen.set(input.requestId, text);
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

  /** Judges the key without counting: for backends that count elsewhere (Upstash). */
  judge(input: ObjectCheckInput): KeyVerdict | KeyAllowed {
    const judged = this.judgeInput(input, Date.now());
    if (judged.kind === "key") return judged;
    return {
      kind: "ok",
      limit: judged.state.rateLimitPerHour ?? input.defaultLimit,
      visitorLimit: judged.state.rateLimitPerVisitorPerHour,
    };
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

  private decide(input: ObjectCheckInput, now: number): LimitDecision {
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
    if (exhausted.length > 0) {
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
