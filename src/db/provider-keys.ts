import { and, asc, eq } from "drizzle-orm";
import type { Database } from "./client";
import { type ProviderKeyRow, providerKeys } from "./schema";

/** Stores (or replaces) an account's encrypted key for one provider. */
export async function upsertProviderKey(
  db: Database,
  row: Pick<ProviderKeyRow, "accountId" | "provider" | "ciphertext" | "iv" | "keyVersion" | "last4">,
  now: number,
): Promise<void> {
  await db
    .insert(providerKeys)
    .values({ ...row, updatedAt: now })
    .onConflictDoUpdate({
      target: [providerKeys.accountId, providerKeys.provider],
      set: { ciphertext: row.ciphertext, iv: row.iv, keyVersion: row.keyVersion, last4: row.last4, updatedAt: now },
    })
    .run();
}

export async function getProviderKey(
  db: Database,
  accountId: string,
  provider: string,
): Promise<ProviderKeyRow | null> {
  return (
    (await db
      .select()
      .from(providerKeys)
      .where(and(eq(providerKeys.accountId, accountId), eq(providerKeys.provider, provider)))
      .get()) ?? null
  );
}

export async function listProviderKeys(db: Database, accountId: string): Promise<ProviderKeyRow[]> {
  return db
    .select()
    .from(providerKeys)
    .where(eq(providerKeys.accountId, accountId))
    .orderBy(asc(providerKeys.provider))
    .all();
}

/** True when a row was deleted. */
export async function deleteProviderKey(db: Database, accountId: string, provider: string): Promise<boolean> {
  const rows = await db
    .delete(providerKeys)
    .where(and(eq(providerKeys.accountId, accountId), eq(providerKeys.provider, provider)))
    .returning({ provider: providerKeys.provider });
  return rows.length > 0;
}
