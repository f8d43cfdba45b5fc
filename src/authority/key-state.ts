import type { Budget, ModuleRow } from "../db/schema";

/**
 * What admin writes push to a module's Durable Object: the authoritative key generations,
 * status, expiry and limits at one `version` (D1's row version), or the module's deletion.
 * The object keeps the highest version it has seen, so pushes that arrive out of order are harmless.
 */
export type KeyStatePush =
  | {
      deleted: false;
      version: number;
      status: ModuleRow["status"];
      keyHash: string;
      previousKeyHash: string | null;
      previousKeyExpiresAt: number | null;
      expiresAt: number | null;
      rateLimitPerHour: number | null;
      rateLimitPerVisitorPerHour: number | null;
      /** Absent in pushes from before budgets existed (read as none). */
      budget?: Budget | null;
    }
  | { deleted: true; version: number };

/** The push for a stored row. */
export function keyStateOf(row: ModuleRow): KeyStatePush {
  return {
    deleted: false,
    version: row.version,
    status: row.status,
    keyHash: row.keyHash,
    previousKeyHash: row.previousKeyHash,
    previousKeyExpiresAt: row.previousKeyExpiresAt,
    expiresAt: row.expiresAt,
    rateLimitPerHour: row.rateLimitPerHour,
    rateLimitPerVisitorPerHour: row.rateLimitPerVisitorPerHour,
    budget: row.budget ?? null,
  };
}

/** The push for a deleted row: a version above every record of it that a cache may still hold. */
export function deletionOf(row: ModuleRow): KeyStatePush {
  return { deleted: true, version: row.version + 1 };
}
