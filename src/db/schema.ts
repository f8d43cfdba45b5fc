import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * A spending bound over a calendar UTC period (ISO weeks start Monday), or over the key's whole
 * life (`total`). At least one of `tokens` and `usd` is set.
 */
export type Budget = { period: "day" | "week" | "month" | "total"; tokens?: number; usd?: number };

/** Times are epoch milliseconds (UTC); the API renders them as ISO-8601 strings. */
const createdAt = () => integer("created_at", { mode: "number" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

/** Owner of modules and of BYOK provider keys (the seed's "user"). */
export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  allowGatewayKeys: integer("allow_gateway_keys", { mode: "boolean" }).notNull().default(false),
  /** Spending bound across all of the account's modules; null = none. */
  budget: text("budget", { mode: "json" }).$type<Budget | null>(),
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
    /** How the key was made: generated here (`egw_pub_…`, checksummed) or imported from an older system. */
    keyFormat: text("key_format", { enum: ["egw_pub", "imported"] })
      .notNull()
      .default("egw_pub"),
    status: text("status", { enum: ["active", "disabled", "revoked"] })
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
    /** Native passthrough (`/providers/...`) allowed for this key; off unless an admin turns it on. */
    allowPassthrough: integer("allow_passthrough", { mode: "boolean" }).notNull().default(false),
    /** Provider built-in tools that bill extra (web search, file search, code interpreter) this key may use; empty = none. */
    allowedBuiltinTools: text("allowed_builtin_tools", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Spending bound of this key; null = none. */
    budget: text("budget", { mode: "json" }).$type<Budget | null>(),
    /** Bumped on every change so a cache fill never overwrites a newer record. */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "number" }),
    revokedAt: integer("revoked_at", { mode: "number" }),
    disabledAt: integer("disabled_at", { mode: "number" }),
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

/**
 * Usage per module, UTC hour and model, flushed from each module's Durable Object by its alarm.
 * Upserts are idempotent: a flush writes absolute figures for a closed hour, never increments.
 */
export const usageHourly = sqliteTable(
  "usage_hourly",
  {
    moduleId: text("module_id").notNull(),
    /** Denormalised so an account's usage is one indexed query. */
    accountId: text("account_id"),
    /** Epoch ms of the hour's start (UTC). */
    hour: integer("hour", { mode: "number" }).notNull(),
    /** `provider/model`, or "" for requests refused before a model was known. */
    model: text("model").notNull(),
    requests: integer("requests").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    costUsd: real("cost_usd").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.moduleId, t.hour, t.model] }),
    index("usage_hourly_account_idx").on(t.accountId, t.hour),
  ],
);

/**
 * Outbox of webhook events: written before delivery so a receiver that is down loses nothing.
 * `dedupeKey` makes "once per key per threshold" an INSERT OR IGNORE.
 */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    /** The JSON body exactly as delivered (and signed). */
    payload: text("payload").notNull(),
    createdAt: createdAt(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "number" }).notNull(),
    deliveredAt: integer("delivered_at", { mode: "number" }),
    lastError: text("last_error"),
  },
  (t) => [
    uniqueIndex("webhook_events_dedupe_idx").on(t.dedupeKey),
    index("webhook_events_due_idx").on(t.deliveredAt, t.nextAttemptAt),
  ],
);

export type AccountRow = typeof accounts.$inferSelect;
export type ModuleRow = typeof modules.$inferSelect;
export type ProviderKeyRow = typeof providerKeys.$inferSelect;
export type UsageHourlyRow = typeof usageHourly.$inferSelect;
export type WebhookEventRow = typeof webhookEvents.$inferSelect;
