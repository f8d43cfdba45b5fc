import type { Context } from "hono";
import { limiterObject } from "../authority/durable-object-limiter";
import { callObject } from "../authority/object-call";
import { configOf } from "../config";
import type { AiEnv } from "../env";
import { withDeadline } from "../lib/deadline";
import { loadPriceBook } from "./prices";
import { Spend } from "./spend";
import { worstCaseCharge } from "./spend-intent";

/**
 * Admits an AI request that calls a provider (chat, responses, embeddings, passthrough): prices
 * the worst case of the `spendIntent` its route set,
 * then makes the request's one object call — key judged, rate limits counted, worst case
 * reserved in the module's budget and its account's. Throws 429 `budget_exhausted` (or the
 * gate's other refusals) before any upstream call. The returned spend is settled by
 * `settleSpend`/`meteredStream` after the answer; if the route fails first, the gate refunds it.
 */
export async function admitSpend(c: Context<AiEnv>): Promise<Spend | null> {
  const intent = c.get("spendIntent");
  if (!intent) {
    // Nothing to price (a passthrough model listing): the same call judges the key and counts it.
    await c.get("gate").admit();
    return null;
  }
  const book = await loadPriceBook(c.env.KEY_CACHE, Date.now(), (issue) =>
    c.get("log").warn("price_override_invalid", { key: "ledger:prices", issue }),
  );
  const price = book.priceOf(intent.model);
  const worstCase = worstCaseCharge(intent, price);
  const log = c.get("aiLog");
  if (log) log.model = intent.model;
  const requestId = await c.get("gate").admit({ model: intent.model, worstCase });
  const key = c.get("apiKey");
  const config = configOf(c.env);
  const spend = new Spend(
    {
      // Bounded like every store call: an object that never answers costs the settlement (the
      // reservation then expires charged in full), never a Worker kept alive forever.
      settle: (s) =>
        withDeadline(
          callObject(() => limiterObject(c.env.MODULE_AUTHORITY, key.moduleId, config.OBJECT_LOCATION_HINT).settle(s)),
          config.STORE_TIMEOUT_MS,
          "the module's Durable Object",
        ),
      defer: (work) => c.executionCtx.waitUntil(work),
      onSettleFailed: (err) =>
        c.get("log").error("ledger_settle_failed", { module_id: key.moduleId, request_id: requestId, error: err.name }),
    },
    requestId,
    key.accountId,
    intent,
    price,
    worstCase,
  );
  c.set("spend", spend);
  return spend;
}
