import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { deleteModule } from "../../../db/modules";
import type { AppEnv } from "../../../env";
import { ApiError } from "../../../errors/api-error";
import { pushDeletion, unpublishModule } from "../../../keys/publish";
import { errorResponses } from "../../../schemas/common";
import { ModuleIdParam } from "../../../schemas/module";
import { adminServices, requireModule, requirePushed } from "./admin-services";

export const deleteRoute = createRoute({
  method: "delete",
  path: "/modules/{id}",
  tags: ["Modules"],
  summary: "Delete a module; its keys stop working on the next request",
  request: { params: ModuleIdParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses(401, 404, 503) },
});

export const remove: RouteHandler<typeof deleteRoute, AppEnv> = async (c) => {
  const { db, cache, keyState } = adminServices(c);
  const { id } = c.req.valid("param");
  const existing = await requireModule(db, id);
  // The object learns first: if that fails nothing is deleted and the request can be repeated.
  requirePushed(c, id, await pushDeletion({ cache, keyState }, existing));
  const row = await deleteModule(db, id);
  if (!row) throw new ApiError("not_found", `No module with id ${id}.`);
  await unpublishModule(cache, row);
  return c.body(null, 204);
};
