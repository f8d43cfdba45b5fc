import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Database } from "./client";
import { type AccountRow, accounts } from "./schema";

export async function insertAccount(db: Database, values: typeof accounts.$inferInsert): Promise<AccountRow> {
  const [row] = await db.insert(accounts).values(values).returning();
  if (!row) throw new Error("insert into accounts returned no row");
  return row;
}

export async function getAccount(db: Database, id: string): Promise<AccountRow | null> {
  return (await db.select().from(accounts).where(eq(accounts.id, id)).get()) ?? null;
}

export async function updateAccount(
  db: Database,
  id: string,
  changes: Partial<Pick<AccountRow, "name" | "allowGatewayKeys" | "budget">>,
  now: number,
): Promise<AccountRow | null> {
  const [row] = await db
    .update(accounts)
    .set({ ...changes, updatedAt: now })
    .where(eq(accounts.id, id))
    .returning();
  return row ?? null;
}

/** Newest first; the cursor is the (created_at, id) of the last row of the previous page. */
export async function listAccounts(
  db: Database,
  options: { limit: number; after?: { createdAt: number; id: string } },
): Promise<AccountRow[]> {
  const { after } = options;
  const where = after
    ? or(
        lt(accounts.createdAt, after.createdAt),
        and(eq(accounts.createdAt, after.createdAt), lt(accounts.id, after.id)),
      )
    : undefined;
  return db
    .select()
    .from(accounts)
    .where(where)
    .orderBy(desc(accounts.createdAt), desc(accounts.id))
    .limit(options.limit)
    .all();
}
