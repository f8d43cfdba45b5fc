import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { getAccount } from "../../../db/accounts";
import { insertModule } from "../../../db/modules";
import type { AppEnv } from "../../../env";
import { ApiError } from "../../../errors/api-error";
import { generateKey } from "../../../keys/format";
import { hashKey } from "../../../keys/hash";
import { publishModule } from "../../../keys/publish";
import { newId } from "../../../lib/ids";
import { DAY_MS } from "../../../lib/time";
import { errorResponses, jsonBody, jsonContent } from "../../../schemas/common";
import { ProvisionBody, ProvisionResponse } from "../../../schemas/module";
import { adminServices } from "./admin-services";
import { presentModule } from "./present";

export const provisionRoute = createRoute({
  method: "post",
  path: "/modules/provision",
  tags: ["Modules"],
  summary: "Provision a scoped, expiring key for one plugin",
  description: "Returns the plaintext key once, in `secret_key`; only its HMAC is stored.",
  request: { body: jsonBody(ProvisionBody) },
  responses: {
    201: jsonContent(ProvisionResponse, "The new module and its key"),
    ...errorResponses(400, 401),
  },
});

export const provision: RouteHandler<typeof provisionRoute, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const { db, cache, keyState, now } = adminServices(c);
  if (body.account_id && !(await getAccount(db, body.account_id))) {
    throw new ApiError("invalid_request", `account_id: no account with id ${body.account_id}.`);
  }
  const secretKey = generateKey();
  const row = await insertModule(db, {
    id: newId("mod"),
    name: body.name,
    accountId: body.account_id ?? null,
    keyHash: await hashKey(secretKey, c.env.KEY_HASH_SECRET),
    keyLast4: secretKey.slice(-4),
    expiresAt: now + body.expires_in_days * DAY_MS,
    rateLimitPerHour: body.rate_limit_per_hour ?? null,
    rateLimitPerVisitorPerHour: body.rate_limit_per_visitor_per_hour ?? null,
    maxOutputTokens: body.max_output_tokens ?? null,
    allowedOrigins: body.allowed_origins,
    allowedModels: body.allowed_models,
    allowPassthrough: body.allow_passthrough,
    createdAt: now,
    updatedAt: now,
  });
  // Pre-warm the cache so the key works at once even where "not found" was cached before.
  const published = await publishModule({ cache, keyState }, row);
  if (!published.pushed) {
    // A new module's object holds nothing yet and adopts the record the first request carries,
    // so a failed push loses nothing; failing here would only hide the one copy of the key.
    c.var.log.warn("key_state_push_failed", { module_id: row.id, error: published.error });
  }
  c.header("Cache-Control", "no-store");
  return c.json({ secret_key: secretKey, ...presentModule(row) }, 201);
};
