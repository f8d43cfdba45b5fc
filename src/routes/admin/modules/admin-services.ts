import type { Context } from "hono";
import { durableObjectKeyStateSink } from "../../../authority/key-state-sink";
import { configOf } from "../../../config";
import { getAccount } from "../../../db/accounts";
import { database } from "../../../db/client";
import { getModule } from "../../../db/modules";
import type { AccountRow, ModuleRow } from "../../../db/schema";
import type { AppEnv } from "../../../env";
import { ApiError, conflict, unavailable } from "../../../errors/api-error";
import { isolateKeyCache } from "../../../keys/isolate-cache";
import { kvKeyCache } from "../../../keys/key-cache";
import type { PublishResult } from "../../../keys/publish";

/** What every admin module route needs, built from this request's bindings. */
export function adminServices(c: Context<AppEnv>) {
  return {
    db: database(c.env.DB),
    cache: isolateKeyCache(kvKeyCache(c.env.KEY_CACHE, c.get("log"))),
    keyState: durableObjectKeyStateSink(c.env.MODULE_AUTHORITY, configOf(c.env).OBJECT_LOCATION_HINT),
    now: Date.now(),
  };
}

/** The module with this id, or 404 `not_found`. */
export async function requireModule(db: ReturnType<typeof database>, id: string): Promise<ModuleRow> {
  const row = await getModule(db, id);
  if (!row) throw new ApiError("not_found", `No module with id ${id}.`);
  return row;
}

/** The account with this id, or 404 `not_found`. */
export async function requireAccount(db: ReturnType<typeof database>, id: string): Promise<AccountRow> {
  const row = await getAccount(db, id);
  if (!row) throw new ApiError("not_found", `No account with id ${id}.`);
  return row;
}

/**
 * The row a versioned write (`updateModule` with the version it read) returned, or the reason
 * there is none: 404 when the module is gone, else 409 `conflict` (Retry-After: 1), because
 * another admin change landed between the read and the write and this one changed nothing.
 */
export async function requireWritten(
  db: ReturnType<typeof database>,
  id: string,
  row: ModuleRow | null,
  what: string,
): Promise<ModuleRow> {
  if (row) return row;
  await requireModule(db, id);
  throw conflict(`Another change to module ${id} landed while ${what}; nothing was changed, send the request again.`);
}

/**
 * Turns a failed push to the module's Durable Object into 503 `unavailable`. The D1 change is
 * already stored (and KV updated here); repeating the same request is safe and pushes again.
 */
export function requirePushed(c: Context<AppEnv>, moduleId: string, result: PublishResult): void {
  if (result.pushed) return;
  c.get("log").error("key_state_push_failed", { module_id: moduleId, error: result.error });
  throw unavailable(
    "The change is saved but the key's limiter did not confirm it, so other locations may not enforce it yet; repeat the request.",
  );
}
