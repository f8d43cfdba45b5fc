import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { listModules } from "../../../db/modules";
import type { AppEnv } from "../../../env";
import { errorResponses, jsonContent } from "../../../schemas/common";
import { ListModulesQuery, ModuleListResponse } from "../../../schemas/module";
import { decodeCursor, pageOf } from "../cursor";
import { adminServices } from "./admin-services";
import { presentModule } from "./present";

export const listRoute = createRoute({
  method: "get",
  path: "/modules",
  tags: ["Modules"],
  summary: "List modules, newest first, with cursor pagination; filter by name, status or account",
  request: { query: ListModulesQuery },
  responses: { 200: jsonContent(ModuleListResponse, "One page of modules"), ...errorResponses(400, 401) },
});

export const list: RouteHandler<typeof listRoute, AppEnv> = async (c) => {
  const { limit, cursor, q, status, account_id } = c.req.valid("query");
  const { db, now } = adminServices(c);
  const after = decodeCursor(cursor);
  const rows = await listModules(db, {
    limit: limit + 1,
    now,
    ...(after ? { after } : {}),
    ...(q ? { nameContains: q } : {}),
    ...(status ? { status } : {}),
    ...(account_id ? { accountId: account_id } : {}),
  });
  const { page, nextCursor } = pageOf(rows, limit);
  return c.json({ modules: page.map(presentModule), next_cursor: nextCursor }, 200);
};
