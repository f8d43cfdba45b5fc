import { eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { modules } from "./schema";

/**
 * Adds one answer's tokens to the module's running totals. An atomic increment, so concurrent
 * answers never lose each other's counts; `version` stays as it is because usage is not policy.
 */
export async function addTokenUsage(
  db: Database,
  moduleId: string,
  usage: { promptTokens: number; completionTokens: number },
): Promise<void> {
  await db
    .update(modules)
    .set({
      promptTokens: sql`${modules.promptTokens} + ${Math.max(0, Math.floor(usage.promptTokens))}`,
      completionTokens: sql`${modules.completionTokens} + ${Math.max(0, Math.floor(usage.completionTokens))}`,
    })
    .where(eq(modules.id, moduleId))
    .run();
}
