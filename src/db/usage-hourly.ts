import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { HourBucket } from "../ledger/hour-buckets";
import type { Database } from "./client";
import { usageHourly } from "./schema";

/** D1 caps bound parameters per statement at 100; a row binds 10. */
const ROWS_PER_STATEMENT = 9;

/**
 * Writes closed hours' figures for one module. Each row is the hour's absolute total (never an
 * increment), so writing the same hours again — a retried or repeated flush — changes nothing.
 */
export async function upsertUsageHours(
  db: Database,
  moduleId: string,
  accountId: string | null,
  buckets: HourBucket[],
): Promise<void> {
  if (buckets.length === 0) return;
  const rows = buckets.map((b) => ({
    moduleId,
    accountId,
    hour: b.hour,
    model: b.model,
    requests: b.requests,
    rejected: b.rejected,
    promptTokens: b.promptTokens,
    completionTokens: b.completionTokens,
    costUsd: b.nanoUsd / 1e9,
  }));
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    statements.push(
      db
        .insert(usageHourly)
        .values(rows.slice(i, i + ROWS_PER_STATEMENT))
        .onConflictDoUpdate({
          target: [usageHourly.moduleId, usageHourly.hour, usageHourly.model],
          set: {
            accountId: sql`excluded.account_id`,
            requests: sql`excluded.requests`,
            rejected: sql`excluded.rejected`,
            promptTokens: sql`excluded.prompt_tokens`,
            completionTokens: sql`excluded.completion_tokens`,
            costUsd: sql`excluded.cost_usd`,
          },
        }),
    );
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

/** Whose usage: one module, or every module of an account. */
export type UsageOwner = { moduleId: string } | { accountId: string };

/** A stored hour of one module. */
export type ModuleHour = HourBucket & { moduleId: string };

/** Stored hours in [from, to) of one module or of every module of an account. */
export async function readUsageHours(db: Database, owner: UsageOwner, from: number, to: number): Promise<ModuleHour[]> {
  const who =
    "moduleId" in owner ? eq(usageHourly.moduleId, owner.moduleId) : eq(usageHourly.accountId, owner.accountId);
  const rows = await db
    .select()
    .from(usageHourly)
    .where(and(who, gte(usageHourly.hour, from), lt(usageHourly.hour, to)))
    .all();
  return rows.map(({ costUsd, accountId: _, ...r }) => ({ ...r, nanoUsd: Math.round(costUsd * 1e9) }));
}

/** A module's lifetime token totals from its flushed hours. */
export async function lifetimeTokens(
  db: Database,
  moduleId: string,
): Promise<{ promptTokens: number; completionTokens: number }> {
  const row = await db
    .select({
      promptTokens: sql<number>`COALESCE(SUM(${usageHourly.promptTokens}), 0)`,
      completionTokens: sql<number>`COALESCE(SUM(${usageHourly.completionTokens}), 0)`,
    })
    .from(usageHourly)
    .where(eq(usageHourly.moduleId, moduleId))
    .get();
  return row ?? { promptTokens: 0, completionTokens: 0 };
}
