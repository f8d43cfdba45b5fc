import { createRoute, OpenAPIHono, type RouteHandler } from "@hono/zod-openapi";
import { additionalData, importMasterKey, seal } from "../../../crypto/envelope";
import { database } from "../../../db/client";
import { deleteProviderKey, listProviderKeys, upsertProviderKey } from "../../../db/provider-keys";
import type { AppEnv } from "../../../env";
import { ApiError } from "../../../errors/api-error";
import { toIso } from "../../../lib/time";
import { forgetAccountKeys } from "../../../providers/account-keys";
import { AccountIdParam } from "../../../schemas/account";
import { errorResponses, jsonBody, jsonContent } from "../../../schemas/common";
import { ProviderKeyListSchema, ProviderKeyParams, PutProviderKeyBody } from "../../../schemas/provider-key";
import { validationHook } from "../../../schemas/validation-hook";
import { requireAccount } from "../modules/admin-services";

/** Bumped when PROVIDER_KEY_ENCRYPTION_KEY is rotated and rows are re-encrypted. */
const CURRENT_KEY_VERSION = 1;

const putRoute = createRoute({
  method: "put",
  path: "/accounts/{id}/provider-keys/{provider}",
  tags: ["Accounts"],
  summary: "Store the account's own key for a provider (encrypted; never shown again)",
  request: { params: ProviderKeyParams, body: jsonBody(PutProviderKeyBody) },
  responses: { 204: { description: "Stored" }, ...errorResponses(400, 401, 404, 503) },
});

const listRoute = createRoute({
  method: "get",
  path: "/accounts/{id}/provider-keys",
  tags: ["Accounts"],
  summary: "List the account's provider keys, each shown only by its last four characters",
  request: { params: AccountIdParam },
  responses: { 200: jsonContent(ProviderKeyListSchema, "The account's provider keys"), ...errorResponses(401, 404) },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/accounts/{id}/provider-keys/{provider}",
  tags: ["Accounts"],
  summary: "Delete the account's key for a provider",
  request: { params: ProviderKeyParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 404) },
});

const put: RouteHandler<typeof putRoute, AppEnv> = async (c) => {
  const { id, provider } = c.req.valid("param");
  const { api_key } = c.req.valid("json");
  const db = database(c.env.DB);
  await requireAccount(db, id);
  const master = await importMasterKey(c.env.PROVIDER_KEY_ENCRYPTION_KEY);
  if (!master) {
    c.get("log").error("provider_key_encryption_key_invalid");
    throw new ApiError(
      "unavailable",
      "The gateway's encryption key is not configured; provider keys cannot be stored.",
    );
  }
  const sealed = await seal(master, api_key, additionalData(id, provider));
  await upsertProviderKey(
    db,
    { accountId: id, provider, ...sealed, keyVersion: CURRENT_KEY_VERSION, last4: api_key.slice(-4) },
    Date.now(),
  );
  forgetAccountKeys(id, provider);
  c.get("log").info("provider_key_stored", { account_id: id, provider });
  return c.body(null, 204);
};

const list: RouteHandler<typeof listRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const db = database(c.env.DB);
  await requireAccount(db, id);
  const rows = await listProviderKeys(db, id);
  const provider_keys = rows.map((r) => ({
    provider: r.provider,
    last4: r.last4,
    updated_at: toIso(r.updatedAt) as string,
  }));
  return c.json({ provider_keys }, 200);
};

const remove: RouteHandler<typeof deleteRoute, AppEnv> = async (c) => {
  const { id, provider } = c.req.valid("param");
  const db = database(c.env.DB);
  await requireAccount(db, id);
  if (!(await deleteProviderKey(db, id, provider))) {
    throw new ApiError("not_found", `Account ${id} has no ${provider} key.`);
  }
  forgetAccountKeys(id, provider);
  c.get("log").info("provider_key_deleted", { account_id: id, provider });
  return c.body(null, 204);
};

/** Admin routes for an account's BYOK provider keys. Mounted under /api/v1 behind admin-auth. */
export function providerKeyRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(putRoute, put)
    .openapi(listRoute, list)
    .openapi(deleteRoute, remove);
}
