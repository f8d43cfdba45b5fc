import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { Usage } from "../../../authority/limiter";
import { selectLimiter } from "../../../authority/select-limiter";
import { configOf } from "../../../config";
import type { AppEnv } from "../../../env";
import { unavailable } from "../../../errors/api-error";
import { toIso } from "../../../lib/time";
import { errorResponses, jsonContent } from "../../../schemas/common";
import { ModuleIdParam, ModuleWithUsageSchema } from "../../../schemas/module";
import { adminServices, requireModule } from "./admin-services";
import { presentModule } from "./present";
import { presentTokenUsage } from "./present-usage";

export const getRoute = createRoute({
  method: "get",
  path: "/modules/{id}",
  tags: ["Modules"],
  summary: "Get one module, with its use of the per-key limit in the current window",
  request: { params: ModuleIdParam },
  responses: { 200: jsonContent(ModuleWithUsageSchema, "The module"), ...errorResponses(401, 404, 503) },
});

export const get: RouteHandler<typeof getRoute, AppEnv> = async (c) => {
  const { db } = adminServices(c);
  const row = await requireModule(db, c.req.valid("param").id);
  const limit = row.rateLimitPerHour ?? configOf(c.env).DEFAULT_RATE_LIMIT_PER_HOUR;
  let usage: Usage;
  try {
    usage = await selectLimiter(c.env, (work) => c.executionCtx.waitUntil(work)).usage(row.id, limit);
  } catch (err) {
    c.var.log.error("rate_limiter_unavailable", { module_id: row.id, error: (err as Error).name });
    throw unavailable("The rate limiter is unavailable, so usage cannot be read; retry shortly.");
  }
  return c.json(
    {
      ...presentModule(row),
      usage: {
        limit: usage.limit,
        used: usage.used,
        remaining: usage.remaining,
        reset_at: toIso(usage.resetAt * 1000) as string,
        ...presentTokenUsage(row),
      },
    },
    200,
  );
};
