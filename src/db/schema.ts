import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Times are epoch milliseconds (UTC); the API renders them as ISO-8601 strings. */
const createdAt = () => integer("created_at", { mode: "number" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

/** Owner of modules and of BYOK provider keys (the seed's "user"). */
export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  allowGatewayKeys: integer("allow_gateway_keys", { mode: "boolean" }).notNull().default(false),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "number" }).notNull(),
});

/** One row per plugin: its key (hashed), status, expiry, limits and policy. */
export const modules = sqliteTable(
  "modules",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    accountId: text("account_id").references(() => accounts.id, { onDelete: "set null" }),
    /** HMAC-SHA256(KEY_HASH_SECRET, key), hex. The plaintext is never stored. */
    keyHash: text("key_hash").notNull(),
    /** Last four characters of the current key, for people telling keys apart. */
    keyLast4: text("key_last4").notNull(),
    /** During a rotation grace: the previous key's hash and the moment it stops working. */
    previousKeyHash: text("previous_key_hash"),
    previousKeyExpiresAt: integer("previous_key_expires_at", { mode: "number" }),
    status: text("status", { enum: ["active", "revoked"] })
      .notNull()
      .default("active"),
    /** Null only for rows created before expiry existed. */
    expiresAt: integer("expires_at", { mode: "number" }),
    rateLimitPerHour: integer("rate_limit_per_hour"),
    rateLimitPerVisitorPerHour: integer("rate_limit_per_visitor_per_hour"),
    maxOutputTokens: integer("max_output_tokens"),
    /** JSON array of origins; empty = any. */
    allowedOrigins: text("allowed_origins", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** JSON array of `provider/model` ids; empty = any. */
    allowedModels: text("allowed_models", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Bumped on every change so a cache fill never overwrites a newer record. */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "number" }),
    revokedAt: integer("revoked_at", { mode: "number" }),
    expiryNoticeSentAt: integer("expiry_notice_sent_at", { mode: "number" }),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
  },
  (t) => [
    uniqueIndex("modules_key_hash_idx").on(t.keyHash),
    uniqueIndex("modules_previous_key_hash_idx").on(t.previousKeyHash),
    index("modules_account_idx").on(t.accountId),
    index("modules_created_idx").on(t.createdAt, t.id),
  ],
);

/** An account's own provider key, AES-256-GCM encrypted with (account, provider) as AAD. */
export const providerKeys = sqliteTable(
  "provider_keys",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    ciphertext: text("ciphertext").notNull(),
    iv: text("iv").notNull(),
    /** Which master key encrypted it, so the master key can be rotated. */
    keyVersion: integer("key_version").notNull().default(1),
    last4: text("last4").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.provider] })],
);

export type AccountRow = typeof accounts.$inferSelect;
export type ModuleRow = typeof modules.$inferSelect;
export type ProviderKeyRow = typeof providerKeys.$inferSelect;
