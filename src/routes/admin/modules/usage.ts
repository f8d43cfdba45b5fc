import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { readUsageHours } from "../../../db/usage-hourly";
import type { AppEnv } from "../../../env";
import { unavailable } from "../../../errors/api-error";
import { moduleLedger } from "../../../ledger/ledger-reads";
import { usageRange } from "../../../ledger/usage-range";
import { overlayLive, usageSeries } from "../../../ledger/usage-series";
import { errorResponses, jsonContent } from "../../../schemas/common";
import { ModuleIdParam } from "../../../schemas/module";
import { ModuleUsageResponse, UsageQuery } from "../../../schemas/usage";
import { adminServices, requireModule } from "./admin-services";

export const usageRoute = createRoute({
  method: "get",
  path: "/modules/{id}/usage",
  tags: ["Modules"],
  summary: "A module's usage by hour or day (every AI route), the current hour read live from its object",
  request: { params: ModuleIdParam, query: UsageQuery },
  responses: { 200: jsonContent(ModuleUsageResponse, "The usage series"), ...errorResponses(400, 401, 404, 503) },
});

export const usage: RouteHandler<typeof usageRoute, AppEnv> = async (c) => {
  const { db, now } = adminServices(c);
  const row = await requireModule(db, c.req.valid("param").id);
  const query = c.req.valid("query");
  const { from, to } = usageRange(query, now);
  const [stored, live] = await Promise.all([
    readUsageHours(db, { moduleId: row.id }, from, to),
    moduleLedger(c.env, row.id, from).catch((err: Error) => {
      c.get("log").error("ledger_unavailable", { module_id: row.id, error: err.name });
      throw unavailable("The module's ledger is unavailable, so the current hour cannot be read; retry shortly.");
    }),
  ]);
  const hours = overlayLive(
    stored,
    live.hours.filter((h) => h.hour < to).map((h) => ({ ...h, moduleId: row.id })),
  );
  return c.json(
    {
      module_id: row.id,
      granularity: query.granularity,
      series: usageSeries(hours, query.granularity, from, to),
      budget: live.budget,
    },
    200,
  );
};
