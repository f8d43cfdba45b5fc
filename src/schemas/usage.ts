import { z } from "@hono/zod-openapi";
import { BudgetUsageSchema } from "./budget";

const Time = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time like 2026-11-01T00:00:00Z" });

export const UsageQuery = z.object({
  granularity: z.enum(["hour", "day"]).default("hour"),
  from: Time.optional().openapi({
    description: "Start (rounded down to the slot). Default: 24 hours or 30 days back.",
  }),
  to: Time.optional().openapi({ description: "End, exclusive (rounded up to the slot). Default: now." }),
});

const Figures = z.object({
  requests: z.number().int(),
  rejected: z.number().int(),
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  cost_usd: z.number(),
});

export const UsageSeriesSchema = z
  .object({
    granularity: z.enum(["hour", "day"]),
    series: z.array(
      Figures.extend({
        start: z.string(),
        by_model: z.record(z.string(), Figures).openapi({ description: "Keyed by `provider/model`." }),
      }),
    ),
    budget: BudgetUsageSchema.nullable().openapi({ description: "The owner's budget figures now, or null." }),
  })
  .openapi("UsageSeries");

export const ModuleUsageResponse = UsageSeriesSchema.extend({ module_id: z.string() }).openapi("ModuleUsageSeries");
export const AccountUsageResponse = UsageSeriesSchema.extend({ account_id: z.string() }).openapi("AccountUsageSeries");
