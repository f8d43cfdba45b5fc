import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { Usage } from "../../../authority/limiter";
import type { LedgerSnapshot } from "../../../authority/module-authority";
import { selectLimiter } from "../../../authority/select-limiter";
import { configOf } from "../../../config";
import { lifetimeTokens } from "../../../db/usage-hourly";
import type { AppEnv } from "../../../env";
import { unavailable } from "../../../errors/api-error";
import { moduleLedger } from "../../../ledger/ledger-reads";
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
  summary: "Get one module, with its use of the per-key limit in the current window, its tokens and its budget",
  request: { params: ModuleIdParam },
  responses: { 200: jsonContent(ModuleWithUsageSchema, "The module"), ...errorResponses(401, 404, 503) },
});

export const get: RouteHandler<typeof getRoute, AppEnv> = async (c) => {
  const { db } = adminServices(c);
  const row = await requireModule(db, c.req.valid("param").id);
  const limit = row.rateLimitPerHour ?? configOf(c.env).DEFAULT_RATE_LIMIT_PER_HOUR;
  let usage: Usage;
  let live: LedgerSnapshot;
  try {
    [usage, live] = await Promise.all([
      selectLimiter(c.env, (work) => c.executionCtx.waitUntil(work)).usage(row.id, limit),
      moduleLedger(c.env, row.id, Date.now()),
    ]);
  } catch (err) {
    c.get("log").error("rate_limiter_unavailable", { module_id: row.id, error: (err as Error).name });
    throw unavailable("The rate limiter is unavailable, so usage cannot be read; retry shortly.");
  }
  const flushed = await lifetimeTokens(db, row.id);
  return c.json(
    {
      ...presentModule(row),
      usage: {
        limit: usage.limit,
        used: usage.used,
        remaining: usage.remaining,
        reset_at: toIso(usage.resetAt * 1000) as string,
        ...presentTokenUsage(row, flushed, live),
      },
    },
    200,
  );
};
