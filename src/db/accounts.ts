import { eq } from "drizzle-orm";
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
  changes: Partial<Pick<AccountRow, "name" | "allowGatewayKeys">>,
  now: number,
): Promise<AccountRow | null> {
  const [row] = await db
    .update(accounts)
    .set({ ...changes, updatedAt: now })
    .where(eq(accounts.id, id))
    .returning();
  return row ?? null;
}
