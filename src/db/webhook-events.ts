import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "./client";
import { type WebhookEventRow, webhookEvents } from "./schema";

/** Statements per D1 batch. */
const BATCH = 50;

export type NewWebhookEvent = Pick<
  WebhookEventRow,
  "id" | "type" | "dedupeKey" | "payload" | "createdAt" | "nextAttemptAt"
>;

/**
 * Adds events to the outbox. An event whose dedupe key is already there (the same key and
 * threshold, the same budget crossing) is ignored, which is what makes "once" hold across cron
 * runs, retries and concurrent writers.
 */
export async function enqueueWebhookEvents(db: Database, events: NewWebhookEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += BATCH) {
    const [first, ...rest] = events
      .slice(i, i + BATCH)
      .map((e) => db.insert(webhookEvents).values(e).onConflictDoNothing());
    if (first) await db.batch([first, ...rest]);
  }
}

/**
 * Claims up to `limit` undelivered events that are due and not given up, by moving their next
 * attempt `leaseMs` ahead in the same statement: a concurrent run does not pick them too, and
 * if this run dies they come back when the lease ends.
 */
export async function claimDueWebhookEvents(
  db: Database,
  options: { now: number; leaseMs: number; maxAttempts: number; limit: number },
): Promise<WebhookEventRow[]> {
  const due = db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        isNull(webhookEvents.deliveredAt),
        sql`${webhookEvents.nextAttemptAt} <= ${options.now}`,
        lt(webhookEvents.attempts, options.maxAttempts),
      ),
    )
    .orderBy(webhookEvents.nextAttemptAt)
    .limit(options.limit);
  return db
    .update(webhookEvents)
    .set({ nextAttemptAt: options.now + options.leaseMs })
    .where(sql`${webhookEvents.id} IN ${due}`)
    .returning()
    .all();
}

/** Records one delivery attempt: delivered, or failed with the next attempt time (null = given up). */
export async function recordWebhookAttempt(
  db: Database,
  id: string,
  outcome: { delivered: true; at: number } | { delivered: false; error: string; nextAttemptAt: number | null },
): Promise<void> {
  const set = outcome.delivered
    ? { deliveredAt: outcome.at, lastError: null }
    : { lastError: outcome.error, nextAttemptAt: outcome.nextAttemptAt ?? Number.MAX_SAFE_INTEGER };
  await db
    .update(webhookEvents)
    .set({ ...set, attempts: sql`${webhookEvents.attempts} + 1` })
    .where(eq(webhookEvents.id, id))
    .run();
}

/**
 * Forgets events created before `before` once delivered or given up. Their dedupe keys go with
 * them, so `before` must be older than any event could be re-derived (a key's expiry is at
 * most a year ahead).
 */
export async function purgeWebhookEvents(db: Database, before: number): Promise<void> {
  await db
    .delete(webhookEvents)
    .where(
      and(
        lt(webhookEvents.createdAt, before),
        sql`(${webhookEvents.deliveredAt} IS NOT NULL OR ${webhookEvents.nextAttemptAt} = ${Number.MAX_SAFE_INTEGER})`,
      ),
    )
    .run();
}
