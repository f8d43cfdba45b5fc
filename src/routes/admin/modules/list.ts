import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { listModules } from "../../../db/modules";
import type { AppEnv } from "../../../env";
import { ApiError } from "../../../errors/api-error";
import { errorResponses, jsonContent } from "../../../schemas/common";
import { ListModulesQuery, ModuleListResponse } from "../../../schemas/module";
import { adminServices } from "./admin-services";
import { presentModule } from "./present";

export const listRoute = createRoute({
  method: "get",
  path: "/modules",
  tags: ["Modules"],
  summary: "List modules, newest first, with cursor pagination",
  request: { query: ListModulesQuery },
  responses: { 200: jsonContent(ModuleListResponse, "One page of modules"), ...errorResponses(400, 401) },
});

type Cursor = { createdAt: number; id: string };

function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify([cursor.createdAt, cursor.id])).replace(/=+$/, "");
}

function decodeCursor(text: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(atob(text)) as [unknown, unknown];
    if (typeof createdAt === "number" && typeof id === "string") return { createdAt, id };
  } catch {
    // fall through to the error below
  }
  throw new ApiError(
    "invalid_request",
    "cursor: not a cursor this gateway issued; pass next_cursor from the previous page.",
  );
}

export const list: RouteHandler<typeof listRoute, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const { db } = adminServices(c);
  const after = cursor ? decodeCursor(cursor) : undefined;
  const rows = await listModules(db, { limit: limit + 1, ...(after ? { after } : {}) });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null;
  return c.json({ modules: page.map(presentModule), next_cursor: nextCursor }, 200);
};
