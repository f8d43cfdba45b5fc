import type { ModuleRow } from "../db/schema";

/** Which of a module's keys a hash belongs to: the current one or the one in rotation grace. */
export type KeyRole = "current" | "previous";

/** The row's fields that make up a key's policy and state, under their drizzle names. */
type RowFields = Pick<
  ModuleRow,
  | "accountId"
  | "keyFormat"
  | "status"
  | "previousKeyHash"
  | "previousKeyExpiresAt"
  | "expiresAt"
  | "rateLimitPerHour"
  | "rateLimitPerVisitorPerHour"
  | "maxOutputTokens"
  | "allowedOrigins"
  | "allowedModels"
  | "allowPassthrough"
  | "allowedBuiltinTools"
  | "budget"
  | "lastUsedAt"
  | "version"
>;

/**
 * The one model of a module key: its policy (limits, allowlists, passthrough, built-in tools,
 * budget) and its state (status, generations, expiry) at one row `version`. Derived from the
 * drizzle row; KV records, the key-auth context and the module's Durable Object all hold this.
 */
export type KeyState = RowFields & {
  moduleId: ModuleRow["id"];
  /** The current key's hash; null only in a copy that has seen just the previous key's record. */
  currentKeyHash: ModuleRow["keyHash"] | null;
};

/** The key state of a stored row. */
export function keyStateOf(row: ModuleRow): KeyState {
  return {
    moduleId: row.id,
    accountId: row.accountId,
    keyFormat: row.keyFormat,
    status: row.status,
    currentKeyHash: row.keyHash,
    previousKeyHash: row.previousKeyHash,
    previousKeyExpiresAt: row.previousKeyExpiresAt,
    expiresAt: row.expiresAt,
    rateLimitPerHour: row.rateLimitPerHour,
    rateLimitPerVisitorPerHour: row.rateLimitPerVisitorPerHour,
    maxOutputTokens: row.maxOutputTokens,
    allowedOrigins: row.allowedOrigins,
    allowedModels: row.allowedModels,
    allowPassthrough: row.allowPassthrough,
    allowedBuiltinTools: row.allowedBuiltinTools,
    budget: row.budget,
    lastUsedAt: row.lastUsedAt,
    version: row.version,
  };
}

/** What the judge can say about a key; everything but "ok" is the error code the caller gets. */
export type KeyJudgement = "ok" | "invalid_key" | "key_revoked" | "key_disabled" | "key_expired";

/**
 * The one judge of a key at an instant, used by key-auth and by the module's Durable Object.
 * `state` is null when the presented hash belongs to no key (unknown, or the module was deleted).
 * A key used in its `previous` role works only until the rotation grace ends.
 */
export function judgeKey(state: KeyState | null, role: KeyRole, now: number): KeyJudgement {
  if (state === null) return "invalid_key";
  if (state.status === "revoked") return "key_revoked";
  if (state.status === "disabled") return "key_disabled";
  if (role === "previous" && (state.previousKeyExpiresAt === null || state.previousKeyExpiresAt <= now)) {
    return "key_expired";
  }
  if (state.expiresAt !== null && state.expiresAt <= now) return "key_expired";
  return "ok";
}

/** Every hash that currently maps to the row, each with its role. */
export function hashesOf(row: Pick<ModuleRow, "keyHash" | "previousKeyHash">): Array<{ hash: string; role: KeyRole }> {
  const out: Array<{ hash: string; role: KeyRole }> = [{ hash: row.keyHash, role: "current" }];
  if (row.previousKeyHash) out.push({ hash: row.previousKeyHash, role: "previous" });
  return out;
}
