import type { Context } from "hono";
import { database } from "../../../db/client";
import { getModule } from "../../../db/modules";
import type { ModuleRow } from "../../../db/schema";
import type { AppEnv } from "../../../env";
import { ApiError } from "../../../errors/api-error";
import { kvKeyCache } from "../../../keys/key-cache";

/** What every admin module route needs, built from this request's bindings. */
export function adminServices(c: Context<AppEnv>) {
  return { db: database(c.env.DB), cache: kvKeyCache(c.env.KEY_CACHE, c.var.log), now: Date.now() };
}

/** The module with this id, or 404 `not_found`. */
export async function requireModule(db: ReturnType<typeof database>, id: string): Promise<ModuleRow> {
  const row = await getModule(db, id);
  if (!row) throw new ApiError("not_found", `No module with id ${id}.`);
  return row;
}
