import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../../env";
import { errorResponses, jsonContent } from "../../../schemas/common";
import { ModuleIdParam, ModuleSchema } from "../../../schemas/module";
import { adminServices, requireModule } from "./admin-services";
import { presentModule } from "./present";
import { presentTokenUsage } from "./present-usage";

export const getRoute = createRoute({
  method: "get",
  path: "/modules/{id}",
  tags: ["Modules"],
  summary: "Get one module",
  request: { params: ModuleIdParam },
  responses: { 200: jsonContent(ModuleSchema, "The module"), ...errorResponses(401, 404) },
});

export const get: RouteHandler<typeof getRoute, AppEnv> = async (c) => {
  const { db } = adminServices(c);
  const row = await requireModule(db, c.req.valid("param").id);
  // The rate-limit half of `usage` (limit, used, remaining, reset_at) comes with the limiter.
  return c.json({ ...presentModule(row), usage: presentTokenUsage(row) }, 200);
};
