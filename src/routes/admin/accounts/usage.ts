import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { database } from "../../../db/client";
import { recentlyUsedModules } from "../../../db/recent-modules";
import { readUsageHours } from "../../../db/usage-hourly";
import type { AppEnv } from "../../../env";
import { unavailable } from "../../../errors/api-error";
import { TOUCH_INTERVAL_MS } from "../../../keys/touch-throttle";
import { accountLedger, moduleLedger } from "../../../ledger/ledger-reads";
import { usageRange } from "../../../ledger/usage-range";
import { overlayLive, usageSeries } from "../../../ledger/usage-series";
import { AccountIdParam } from "../../../schemas/account";
import { errorResponses, jsonContent } from "../../../schemas/common";
import { AccountUsageResponse, UsageQuery } from "../../../schemas/usage";
import { requireAccount } from "../modules/admin-services";

/** Live reads per call: the account's most recently used modules (others have nothing unflushed). */
const MAX_LIVE_MODULES = 200;
/** A module used in this window may still hold hours its alarm has not flushed. */
const LIVE_WINDOW_MS = 26 * 3_600_000;

export const accountUsageRoute = createRoute({
  method: "get",
  path: "/accounts/{id}/usage",
  tags: ["Accounts"],
  summary: "An account's usage by hour or day, summed over its modules, the current hour read live",
  request: { params: AccountIdParam, query: UsageQuery },
  responses: { 200: jsonContent(AccountUsageResponse, "The usage series"), ...errorResponses(400, 401, 404, 503) },
});

export const accountUsage: RouteHandler<typeof accountUsageRoute, AppEnv> = async (c) => {
  const db = database(c.env.DB);
  const now = Date.now();
  const { id } = c.req.valid("param");
  await requireAccount(db, id);
  const query = c.req.valid("query");
  const { from, to } = usageRange(query, now);
  const since = Math.max(from, now - LIVE_WINDOW_MS) - TOUCH_INTERVAL_MS;
  const [stored, moduleIds] = await Promise.all([
    readUsageHours(db, { accountId: id }, from, to),
    recentlyUsedModules(db, id, since, MAX_LIVE_MODULES),
  ]);
  const unreachable = (err: Error) => {
    c.get("log").error("ledger_unavailable", { account_id: id, error: err.name });
    throw unavailable("The account's ledger is unavailable, so the current hour cannot be read; retry shortly.");
  };
  const [budget, ...snapshots] = await Promise.all([
    accountLedger(c.env, id).catch(unreachable),
    ...moduleIds.map((m) => moduleLedger(c.env, m, from).catch(unreachable)),
  ]);
  const live = snapshots.flatMap((s, i) =>
    s.hours.filter((h) => h.hour < to).map((h) => ({ ...h, moduleId: moduleIds[i] ?? "" })),
  );
  return c.json(
    {
      account_id: id,
      granularity: query.granularity,
      series: usageSeries(overlayLive(stored, live), query.granularity, from, to),
      budget: budget ?? null,
    },
    200,
  );
};
