import { and, desc, eq, gte } from "drizzle-orm";
import type { Database } from "./client";
import { modules } from "./schema";

/** Ids of an account's modules used since `since` (at most `limit`, most recent first). */
export async function recentlyUsedModules(
  db: Database,
  accountId: string,
  since: number,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: modules.id })
    .from(modules)
    .where(and(eq(modules.accountId, accountId), gte(modules.lastUsedAt, since)))
    .orderBy(desc(modules.lastUsedAt))
    .limit(limit)
    .all();
  return rows.map((r) => r.id);
}
