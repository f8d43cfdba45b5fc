import { z } from "@hono/zod-openapi";

/**
 * A module's or account's spending bound: `period` (calendar UTC day, ISO week from Monday,
 * month, or the key's whole life) and at least one of `tokens` and `usd`. A model without a
 * price is bounded by `tokens` only.
 */
export const BudgetSchema = z
  .object({
    period: z.enum(["day", "week", "month", "total"]),
    tokens: z.number().int("must be an integer").min(1, "must be at least 1").max(1e12).optional(),
    usd: z.number().positive("must be more than 0").max(10_000_000).optional(),
  })
  .strict()
  .refine((b) => b.tokens !== undefined || b.usd !== undefined, { message: "must set tokens, usd or both" })
  .openapi("Budget", { example: { period: "month", tokens: 2_000_000, usd: 5 } });

/** `budget` in a request body: a budget, or null for none. */
export const BudgetField = BudgetSchema.nullable();

/** The live figures of a budget (`usage.budget`), in each unit the budget sets. */
export const BudgetUsageSchema = z
  .object({
    period: z.enum(["day", "week", "month", "total"]),
    limit: z.object({ tokens: z.number().int().optional(), usd: z.number().optional() }),
    spent: z.object({ tokens: z.number().int(), usd: z.number() }),
    reserved: z.object({ tokens: z.number().int(), usd: z.number() }),
    remaining: z.object({ tokens: z.number().int().optional(), usd: z.number().optional() }),
    resets_at: z.string().nullable().openapi({ description: "When the period resets; null for `total`." }),
  })
  .openapi("BudgetUsage");
