import { and, desc, eq, gt, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { ModuleStatusFilter } from "../schemas/module";
import type { Database } from "./client";
import { type ModuleRow, modules } from "./schema";

export type NewModule = typeof modules.$inferInsert;
export type ModulePatch = Partial<
  Pick<
    ModuleRow,
    | "name"
    | "rateLimitPerHour"
    | "rateLimitPerVisitorPerHour"
    | "maxOutputTokens"
    | "allowedOrigins"
    | "allowedModels"
    | "budget"
    | "allowPassthrough"
    | "allowedBuiltinTools"
    | "expiresAt"
  >
>;

/** Inserts a module and returns the stored row. */
export async function insertModule(db: Database, values: NewModule): Promise<ModuleRow> {
  const [row] = await db.insert(modules).values(values).returning();
  if (!row) throw new Error("insert into modules returned no row");
  return row;
}

/** The module whose current or previous key has this hash, and which of the two matched. */
export async function findModuleByKeyHash(
  db: Database,
  hash: string,
): Promise<{ row: ModuleRow; role: "current" | "previous" } | null> {
  const row = await db
    .select()
    .from(modules)
    .where(or(eq(modules.keyHash, hash), eq(modules.previousKeyHash, hash)))
    .get();
  if (!row) return null;
  return { row, role: row.keyHash === hash ? "current" : "previous" };
}

export async function getModule(db: Database, id: string): Promise<ModuleRow | null> {
  return (await db.select().from(modules).where(eq(modules.id, id)).get()) ?? null;
}

export type ModuleListOptions = {
  limit: number;
  now: number;
  after?: { createdAt: number; id: string };
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  status?: ModuleStatusFilter;
  accountId?: string;
};

/** The condition for one status filter; `active` and `expired` split the active rows at `now`. */
function statusCondition(status: ModuleStatusFilter, now: number): SQL | undefined {
  if (status === "disabled" || status === "revoked") return eq(modules.status, status);
  const notExpired = or(isNull(modules.expiresAt), gt(modules.expiresAt, now));
  return and(eq(modules.status, "active"), status === "active" ? notExpired : lte(modules.expiresAt, now));
}

/** Newest first, filtered; the cursor is the (created_at, id) of the last row of the previous page. */
export async function listModules(db: Database, options: ModuleListOptions): Promise<ModuleRow[]> {
  const { after } = options;
  const conditions = [
    after
      ? or(
          lt(modules.createdAt, after.createdAt),
          and(eq(modules.createdAt, after.createdAt), lt(modules.id, after.id)),
        )
      : undefined,
    options.nameContains ? sql`instr(lower(${modules.name}), ${options.nameContains.toLowerCase()}) > 0` : undefined,
    options.status ? statusCondition(options.status, options.now) : undefined,
    options.accountId ? eq(modules.accountId, options.accountId) : undefined,
  ];
  return db
    .select()
    .from(modules)
    .where(and(...conditions))
    .orderBy(desc(modules.createdAt), desc(modules.id))
    .limit(options.limit)
    .all();
}

/**
 * Applies a change and bumps `version` so no cache fill can overwrite it with the old record.
 * With `expectedVersion`, changes nothing (and returns null) if someone else changed the row first.
 */
export async function updateModule(
  db: Database,
  id: string,
  changes: ModulePatch &
    Partial<
      Pick<
        ModuleRow,
        | "status"
        | "revokedAt"
        | "disabledAt"
        | "keyHash"
        | "keyLast4"
        | "keyFormat"
        | "previousKeyHash"
        | "previousKeyExpiresAt"
      >
    >,
  now: number,
  expectedVersion?: number,
): Promise<ModuleRow | null> {
  const match =
    expectedVersion === undefined ? eq(modules.id, id) : and(eq(modules.id, id), eq(modules.version, expectedVersion));
  const [row] = await db
    .update(modules)
    .set({ ...changes, updatedAt: now, version: sql`${modules.version} + 1` })
    .where(match)
    .returning();
  return row ?? null;
}

export async function deleteModule(db: Database, id: string): Promise<ModuleRow | null> {
  const [row] = await db.delete(modules).where(eq(modules.id, id)).returning();
  return row ?? null;
}

/**
 * Records a use, at most once per `minIntervalMs`: the WHERE clause makes concurrent callers
 * race harmlessly, and it leaves `version` alone because usage is not policy.
 */
export async function touchLastUsed(db: Database, id: string, now: number, minIntervalMs: number): Promise<void> {
  await db
    .update(modules)
    .set({ lastUsedAt: now })
    .where(and(eq(modules.id, id), or(isNull(modules.lastUsedAt), lt(modules.lastUsedAt, now - minIntervalMs))))
    .run();
}
