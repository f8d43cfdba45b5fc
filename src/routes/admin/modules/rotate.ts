import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { updateModule } from "../../../db/modules";
import type { AppEnv } from "../../../env";
import { ApiError } from "../../../errors/api-error";
import { generateKey } from "../../../keys/format";
import { hashKey } from "../../../keys/hash";
import { publishModule } from "../../../keys/publish";
import { toIso } from "../../../lib/time";
import { errorResponses, jsonBody, jsonContent } from "../../../schemas/common";
import { ModuleIdParam, RotateBody, RotateResponse } from "../../../schemas/module";
import { adminServices, requireModule, requireWritten } from "./admin-services";

export const rotateRoute = createRoute({
  method: "post",
  path: "/modules/{id}/rotate",
  tags: ["Modules"],
  summary: "Issue a new key; the old one keeps working for grace_seconds, then gets key_expired",
  request: { params: ModuleIdParam, body: jsonBody(RotateBody, false) },
  responses: {
    200: jsonContent(RotateResponse, "The new key, shown once"),
    ...errorResponses(400, 401, 404, 409),
  },
});

export const rotate: RouteHandler<typeof rotateRoute, AppEnv> = async (c) => {
  const { db, cache, keyState, now } = adminServices(c);
  const { id } = c.req.valid("param");
  // The body is optional: without one the old key stops at once.
  const graceSeconds = RotateBody.parse(c.req.valid("json") ?? {}).grace_seconds;
  const existing = await requireModule(db, id);
  if (existing.status === "revoked") {
    throw new ApiError("invalid_request", "This module is revoked; provision a new key instead of rotating.");
  }
  const secretKey = generateKey();
  const previousKeyExpiresAt = now + graceSeconds * 1000;
  const written = await updateModule(
    db,
    id,
    {
      keyHash: await hashKey(secretKey, c.env.KEY_HASH_SECRET),
      keyLast4: secretKey.slice(-4),
      keyFormat: "egw_pub",
      previousKeyHash: existing.keyHash,
      previousKeyExpiresAt,
    },
    now,
    existing.version,
  );
  const row = await requireWritten(db, id, written, "rotating");
  // A key from an earlier rotation that was still in grace stops now.
  const published = await publishModule(
    { cache, keyState },
    row,
    existing.previousKeyHash ? [existing.previousKeyHash] : [],
  );
  if (!published.pushed) {
    // Not a 503: that would hide the only copy of the new key, and a repeated rotation would
    // then end the caller's real key at once. The object adopts this row's newer version from
    // the first request that carries it (either key); until then the old key may outlive its
    // grace in locations whose KV copy is stale (at most the KV TTL).
    c.get("log").error("key_state_push_failed", { module_id: row.id, error: published.error });
  }
  c.header("Cache-Control", "no-store");
  return c.json(
    {
      secret_key: secretKey,
      module_id: row.id,
      expires_at: toIso(row.expiresAt),
      previous_key_expires_at: toIso(previousKeyExpiresAt) as string,
    },
    200,
  );
};
