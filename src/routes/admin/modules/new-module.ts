import type { Context } from "hono";
import { getAccount } from "../../../db/accounts";
import type { Database } from "../../../db/client";
import { insertModule, type NewModule } from "../../../db/modules";
import type { ModuleRow } from "../../../db/schema";
import type { AppEnv } from "../../../env";
import { ApiError } from "../../../errors/api-error";
import { hashKey } from "../../../keys/hash";
import { publishModule } from "../../../keys/publish";
import { newId } from "../../../lib/ids";
import type { ProvisionInput } from "../../../schemas/module";
import { adminServices } from "./admin-services";

/** The fields provision and import share: everything but the key and its expiry. */
type PolicyInput = Omit<ProvisionInput, "expires_in_days">;

/** What a new module's key is: its plaintext (hashed here, never stored), format and expiry. */
type NewKey = { secret: string; format: NewModule["keyFormat"]; expiresAt: number };

/**
 * Stores a new module (provisioned or imported) and publishes it, so the key works at once even
 * where "not found" was cached before. 400 when `account_id` names no account.
 */
export async function createModule(c: Context<AppEnv>, body: PolicyInput, key: NewKey): Promise<ModuleRow> {
  const { db, cache, keyState, now } = adminServices(c);
  await requireAccountIfNamed(db, body.account_id);
  const row = await insertModule(db, {
    id: newId("mod"),
    name: body.name,
    accountId: body.account_id ?? null,
    keyHash: await hashKey(key.secret, c.env.KEY_HASH_SECRET),
    keyLast4: key.secret.slice(-4),
    keyFormat: key.format,
    expiresAt: key.expiresAt,
    rateLimitPerHour: body.rate_limit_per_hour ?? null,
    rateLimitPerVisitorPerHour: body.rate_limit_per_visitor_per_hour ?? null,
    maxOutputTokens: body.max_output_tokens ?? null,
    allowedOrigins: body.allowed_origins,
    allowedModels: body.allowed_models,
    budget: body.budget ?? null,
    allowPassthrough: body.allow_passthrough,
    allowedBuiltinTools: body.allowed_builtin_tools,
    createdAt: now,
    updatedAt: now,
  });
  const published = await publishModule({ cache, keyState }, row);
  if (!published.pushed) {
    // A new module's object holds nothing yet and adopts the record the first request carries,
    // so a failed push loses nothing; failing here would only hide the one copy of the key.
    c.get("log").warn("key_state_push_failed", { module_id: row.id, error: published.error });
  }
  return row;
}

async function requireAccountIfNamed(db: Database, accountId: string | null | undefined): Promise<void> {
  if (accountId && !(await getAccount(db, accountId))) {
    throw new ApiError("invalid_request", `account_id: no account with id ${accountId}.`);
  }
}
