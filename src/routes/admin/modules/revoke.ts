import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { updateModule } from "../../../db/modules";
import type { AppEnv } from "../../../env";
import { ApiError } from "../../../errors/api-error";
import { publishModule } from "../../../keys/publish";
import { errorResponses, jsonContent } from "../../../schemas/common";
import { ModuleIdParam, ModuleSchema } from "../../../schemas/module";
import { adminServices, requireModule, requirePushed } from "./admin-services";
import { presentModule } from "./present";

export const revokeRoute = createRoute({
  method: "post",
  path: "/modules/{id}/revoke",
  tags: ["Modules"],
  summary: "Revoke a module's keys (current and any in rotation grace); effective on the next request",
  request: { params: ModuleIdParam },
  responses: { 200: jsonContent(ModuleSchema, "The revoked module"), ...errorResponses(401, 404, 503) },
});

export const revoke: RouteHandler<typeof revokeRoute, AppEnv> = async (c) => {
  const { db, cache, keyState, now } = adminServices(c);
  const { id } = c.req.valid("param");
  const existing = await requireModule(db, id);
  // Revoking twice is harmless and keeps the first revocation time.
  const row =
    existing.status === "revoked" ? existing : await updateModule(db, id, { status: "revoked", revokedAt: now }, now);
  if (!row) throw new ApiError("not_found", `No module with id ${id}.`);
  // Returns only after the Durable Object persisted the revocation (REV-1); a repeat pushes again.
  requirePushed(c, id, await publishModule({ cache, keyState }, row));
  return c.json(presentModule(row), 200);
};
