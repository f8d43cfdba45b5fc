import type { Context } from "hono";
import { database } from "../db/client";
import { addTokenUsage } from "../db/usage";
import type { AiEnv } from "../env";
import type { TokenUsage } from "../providers/types";

/** Adds the provider-reported tokens to the module's totals after the answer, in `waitUntil`. */
export function recordUsage(c: Context<AiEnv>, usage: Promise<TokenUsage | null> | TokenUsage | null): void {
  const moduleId = c.var.apiKey.moduleId;
  const work = Promise.resolve(usage)
    .then((u) => (u ? addTokenUsage(database(c.env.DB), moduleId, u) : undefined))
    .catch((err: Error) => c.var.log.warn("usage_write_failed", { module_id: moduleId, error: err.name }));
  c.executionCtx.waitUntil(work);
}
