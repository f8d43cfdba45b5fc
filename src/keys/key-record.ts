import type { Budget, ModuleRow } from "../db/schema";

/** Which of a module's keys a hash belongs to: the current one or the one in rotation grace. */
export type KeyRole = "current" | "previous";

/**
 * What the KV cache holds for a key hash: the D1 lookup, not the decision. Expiry and status
 * are evaluated from it on every request, so a cached record can never extend a key's life.
 */
export type KeyRecord = {
  moduleId: string;
  accountId: string | null;
  role: KeyRole;
  status: ModuleRow["status"];
  expiresAt: number | null;
  previousKeyExpiresAt: number | null;
  rateLimitPerHour: number | null;
  rateLimitPerVisitorPerHour: number | null;
  maxOutputTokens: number | null;
  allowedOrigins: string[];
  allowedModels: string[];
  lastUsedAt: number | null;
  version: number;
  /** The module's budget; absent in records cached before budgets existed (read as none). */
  budget?: Budget | null;
};

/** A cache entry: a found record, or "no such key" (unknown, or a tombstone of a deleted one). */
export type CacheEntry = { found: true; record: KeyRecord } | { found: false; version: number };

/** A key that passed authentication; what routes and later middleware may rely on. */
export type AuthenticatedKey = KeyRecord & { keyHash: string };

/** The record a key hash maps to, from the module row it was found in. */
export function toKeyRecord(row: ModuleRow, role: KeyRole): KeyRecord {
  return {
    moduleId: row.id,
    accountId: row.accountId,
    role,
    status: row.status,
    expiresAt: row.expiresAt,
    previousKeyExpiresAt: row.previousKeyExpiresAt,
    rateLimitPerHour: row.rateLimitPerHour,
    rateLimitPerVisitorPerHour: row.rateLimitPerVisitorPerHour,
    maxOutputTokens: row.maxOutputTokens,
    allowedOrigins: row.allowedOrigins,
    allowedModels: row.allowedModels,
    lastUsedAt: row.lastUsedAt,
    version: row.version,
    budget: row.budget ?? null,
  };
}

/** Every hash that currently maps to the row, each with its role. */
export function hashesOf(row: Pick<ModuleRow, "keyHash" | "previousKeyHash">): Array<{ hash: string; role: KeyRole }> {
  const out: Array<{ hash: string; role: KeyRole }> = [{ hash: row.keyHash, role: "current" }];
  if (row.previousKeyHash) out.push({ hash: row.previousKeyHash, role: "previous" });
  return out;
}
