import type { ModuleRow } from "../../../db/schema";
import { toIso } from "../../../lib/time";
import type { ModuleJson } from "../../../schemas/module";

/** The public view of a module row: never a key, never a hash. */
export function presentModule(row: ModuleRow): ModuleJson {
  return {
    module_id: row.id,
    name: row.name,
    account_id: row.accountId,
    status: row.status,
    expires_at: toIso(row.expiresAt),
    rate_limit_per_hour: row.rateLimitPerHour,
    rate_limit_per_visitor_per_hour: row.rateLimitPerVisitorPerHour,
    max_output_tokens: row.maxOutputTokens,
    allowed_origins: row.allowedOrigins,
    allowed_models: row.allowedModels,
    budget: row.budget ?? null,
    allow_passthrough: row.allowPassthrough,
    allowed_builtin_tools: row.allowedBuiltinTools,
    key_last4: row.keyLast4,
    key_format: row.keyFormat,
    previous_key_expires_at: toIso(row.previousKeyExpiresAt),
    created_at: toIso(row.createdAt) as string,
    updated_at: toIso(row.updatedAt) as string,
    last_used_at: toIso(row.lastUsedAt),
    revoked_at: toIso(row.revokedAt),
    disabled_at: toIso(row.disabledAt),
  };
}
