import type { KeyRecord } from "../../src/keys/key-record";

/** A key record as KV would hold it for an active key with no limits or allowlists, changed by `overrides`. */
export function keyRecord(overrides: Partial<KeyRecord> = {}): KeyRecord {
  return {
    moduleId: "mod_unit",
    accountId: null,
    keyFormat: "egw_pub",
    role: "current",
    status: "active",
    currentKeyHash: null,
    previousKeyHash: null,
    expiresAt: null,
    previousKeyExpiresAt: null,
    rateLimitPerHour: null,
    rateLimitPerVisitorPerHour: null,
    maxOutputTokens: null,
    allowedOrigins: [],
    allowedModels: [],
    allowPassthrough: false,
    allowedBuiltinTools: [],
    budget: null,
    lastUsedAt: null,
    version: 1,
    ...overrides,
  };
}
