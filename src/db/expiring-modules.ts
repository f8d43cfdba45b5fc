import { and, eq, gt, lte } from "drizzle-orm";
import type { Database } from "./client";
import { type ModuleRow, modules } from "./schema";

export type ExpiringModule = Pick<ModuleRow, "id" | "name" | "accountId" | "expiresAt">;

/** Active modules whose key expires in (from, to]; the cron's candidates for `key.expiring`. */
export async function modulesExpiringBetween(db: Database, from: number, to: number): Promise<ExpiringModule[]> {
  return db
    .select({ id: modules.id, name: modules.name, accountId: modules.accountId, expiresAt: modules.expiresAt })
    .from(modules)
    .where(and(eq(modules.status, "active"), gt(modules.expiresAt, from), lte(modules.expiresAt, to)))
    .all();
}
