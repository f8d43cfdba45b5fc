import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ConfigVars } from "../../src/config";
import type { Budget } from "../../src/db/schema";
import { ObjectLedger } from "../../src/ledger/object-ledger";
import { runCron } from "../../src/scheduled";
import { verifySignature } from "../../src/webhooks/signature";
import { newTag, upstreamRequests } from "../helpers/upstream";

const SECRET = "whsec_threshold_test";
const quiet = {
  fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init),
  log: { debug() {}, info() {}, warn() {}, error() {} },
};

describe("budget.threshold webhooks", () => {
  it("fires 80 % and 100 % once each per period, through the outbox, signed", async () => {
    const tag = newTag();
    const hooked: Env & ConfigVars = {
      ...env,
      EXPIRY_WEBHOOK_URL: `${env.FAKE_UPSTREAM_URL}/__webhook/tag:${tag}`,
      EXPIRY_WEBHOOK_SECRET: SECRET,
    };
    const moduleId = `mod_threshold_${tag.slice(0, 8)}`;
    const stub = env.MODULE_AUTHORITY.get(env.MODULE_AUTHORITY.idFromName(moduleId));
    const budget: Budget = { period: "day", tokens: 100 };
    const now = Date.now();
    const step = async (id: string, tokens: number, at: number, reserve: number | null = tokens) => {
      await runInDurableObject(stub, async (_instance, state) => {
        const ledger = new ObjectLedger(state, hooked);
        ledger.identify({ kind: "module", moduleId, accountId: null });
        if (reserve !== null) {
          expect(ledger.reserve(id, budget, "mock/echo", { tokens: reserve, nanoUsd: 0 }, at)).toEqual({ ok: true });
        }
        ledger.settle(
          id,
          budget,
          "mock/echo",
          { promptTokens: tokens, completionTokens: 0 },
          { tokens, nanoUsd: 0 },
          at,
        );
        await ledger.flush(at, budget);
      });
      await runCron(hooked, at, quiet);
    };
    await step("r1", 50, now); // 50 %
    await step("r2", 30, now + 1); // 80 %: fires
    await step("r2", 30, now + 2, null); // a repeated settlement counts once and fires nothing
    await step("r3", 10, now + 3); // 90 %
    await step("r4", 15, now + 4, 10); // used more than reserved, 105 %: fires 100
    await step("r4", 15, now + 5, null); // repeated: nothing
    const records = await upstreamRequests(tag);
    const events = records.map(
      (r) => JSON.parse(r.body) as { id: string; type: string; data: Record<string, unknown> },
    );
    expect(events.map((e) => [e.type, e.data.percent, e.data.spent, e.data.limit])).toEqual([
      ["budget.threshold", 80, 80, 100],
      ["budget.threshold", 100, 105, 100],
    ]);
    expect(events[0]?.data).toMatchObject({ module_id: moduleId, period: "day", unit: "tokens" });
    for (const r of records) {
      const header = r.headers["x-gateway-signature"] ?? "";
      expect(await verifySignature(SECRET, header, r.body, Number(/t=(\d+)/.exec(header)?.[1]))).toBe(true);
    }
  });
});
