import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { ConfigVars } from "../../src/config";
import { database } from "../../src/db/client";
import { modules, webhookEvents } from "../../src/db/schema";
import { DAY_MS } from "../../src/lib/time";
import { runCron } from "../../src/scheduled";
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from "../../src/webhooks/delivery";
import { verifySignature } from "../../src/webhooks/signature";
import { provision } from "../helpers/api";
import { newTag, type Recorded, upstreamRequests } from "../helpers/upstream";

const SECRET = "whsec_test_0123456789abcdef";
const quiet = { fetch: (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init), log: silentLog() };

function silentLog() {
  const none = () => {};
  return { debug: none, info: none, warn: none, error: none };
}

/** A module whose key expires at `expiresAt`, a time far beyond every other test's keys. */
async function moduleExpiringAt(expiresAt: number): Promise<{ id: string; key: string }> {
  const m = await provision({ expires_in_days: 30 });
  await database(env.DB).update(modules).set({ expiresAt }).where(eq(modules.id, m.module_id)).run();
  return { id: m.module_id, key: m.secret_key };
}

/** The gateway's env pointed at a receiver on the fake upstream, with this test's tag and behaviour. */
function envFor(tag: string, behaviour = "", days = "14,7,1"): Env & ConfigVars {
  const path = `/__webhook/tag:${tag}${behaviour ? `/behave:${behaviour}` : ""}`;
  return {
    ...env,
    EXPIRY_WEBHOOK_URL: `${env.FAKE_UPSTREAM_URL}${path}`,
    EXPIRY_WEBHOOK_SECRET: SECRET,
    EXPIRY_WARNING_DAYS: days,
  };
}

type Event = { id: string; type: string; data: Record<string, unknown> };
const eventsOf = (records: Recorded[]) => records.map((r) => JSON.parse(r.body) as Event);

// Each test lives at its own far-future instant, so keys made by other tests are never in its window.
let epoch = Date.UTC(2040, 0, 1);
const freshEpoch = () => {
  epoch += 400 * DAY_MS;
  return epoch;
};

describe("key.expiring webhooks", () => {
  it("sends each threshold once per key, the tightest one reached, signed and without secrets", async () => {
    const expiresAt = freshEpoch();
    const m = await moduleExpiringAt(expiresAt);
    const tag = newTag();
    const e = envFor(tag);
    const at = (daysLeft: number) => expiresAt - daysLeft * DAY_MS;

    await runCron(e, at(20), quiet); // outside every threshold
    await runCron(e, at(13.5), quiet); // 14 reached
    await runCron(e, at(13), quiet); // still 14: nothing new
    await runCron(e, at(6.9), quiet); // 7 reached
    await runCron(e, at(0.5), quiet); // 1 reached
    await runCron(e, at(0.4), quiet);

    const records = (await upstreamRequests(tag)).filter((r) => r.body.includes(m.id));
    const events = eventsOf(records);
    expect(events.map((ev) => ev.data.threshold_days)).toEqual([14, 7, 1]);
    expect(events.map((ev) => ev.data.days_left)).toEqual([14, 7, 1]);
    expect(new Set(events.map((ev) => ev.id)).size).toBe(3);
    for (const [i, r] of records.entries()) {
      const event = events[i] as Event;
      expect(event.type).toBe("key.expiring");
      expect(event.data).toMatchObject({ module_id: m.id, expires_at: new Date(expiresAt).toISOString() });
      const header = r.headers["x-gateway-signature"] ?? "";
      const t = Number(/t=(\d+)/.exec(header)?.[1]);
      expect(await verifySignature(SECRET, header, r.body, t)).toBe(true);
      expect(await verifySignature(`${SECRET}x`, header, r.body, t)).toBe(false);
      expect(await verifySignature(SECRET, header, `${r.body} `, t)).toBe(false);
      for (const secret of [m.key, SECRET, env.ADMIN_API_KEY, env.KEY_HASH_SECRET])
        expect(r.body).not.toContain(secret);
    }
  });

  it("starts the thresholds afresh when the expiry moves", async () => {
    const expiresAt = freshEpoch();
    const m = await moduleExpiringAt(expiresAt);
    const tag = newTag();
    await runCron(envFor(tag), expiresAt - 6 * DAY_MS, quiet);
    const later = expiresAt + 30 * DAY_MS;
    await database(env.DB).update(modules).set({ expiresAt: later }).where(eq(modules.id, m.id)).run();
    await runCron(envFor(tag), later - 6 * DAY_MS, quiet);
    const events = eventsOf((await upstreamRequests(tag)).filter((r) => r.body.includes(m.id)));
    expect(events.map((ev) => ev.data.expires_at)).toEqual([
      new Date(expiresAt).toISOString(),
      new Date(later).toISOString(),
    ]);
  });

  it("skips revoked keys and queues nothing without a webhook URL", async () => {
    const expiresAt = freshEpoch();
    const revoked = await moduleExpiringAt(expiresAt);
    await database(env.DB).update(modules).set({ status: "revoked" }).where(eq(modules.id, revoked.id)).run();
    const silent = await moduleExpiringAt(expiresAt + 1);
    const unset: Env & ConfigVars = { ...env, EXPIRY_WEBHOOK_URL: "" };
    expect(await runCron(unset, expiresAt - DAY_MS / 2, quiet)).toEqual({
      queued: 0,
      delivered: 0,
    });
    const tag = newTag();
    await runCron(envFor(tag), expiresAt - DAY_MS / 2, quiet);
    const bodies = (await upstreamRequests(tag)).map((r) => r.body);
    expect(bodies.some((b) => b.includes(revoked.id))).toBe(false);
    expect(bodies.filter((b) => b.includes(silent.id))).toHaveLength(1);
  });
});

describe("webhook delivery", () => {
  it("retries a receiver that is down for 3 attempts with backoff; it then gets the event exactly once", async () => {
    const expiresAt = freshEpoch();
    const m = await moduleExpiringAt(expiresAt);
    const tag = newTag();
    const e = envFor(tag, "fail-first-3");
    const t0 = expiresAt - 10 * DAY_MS;
    await runCron(e, t0, quiet); // attempt 1: 503
    await runCron(e, t0 + (RETRY_DELAYS_MS[0] ?? 0) - 1000, quiet); // not due yet
    let t = t0;
    for (const delay of RETRY_DELAYS_MS.slice(0, 3)) {
      t += delay;
      await runCron(e, t, quiet); // attempts 2, 3 fail; attempt 4 succeeds
    }
    await runCron(e, t + DAY_MS, quiet); // delivered events are never sent again

    const records = (await upstreamRequests(tag)).filter((r) => r.body.includes(m.id));
    expect(records).toHaveLength(4);
    const ids = eventsOf(records).map((ev) => ev.id);
    expect(new Set(ids).size).toBe(1); // the same stable id on every attempt
    const row = await database(env.DB)
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.id, ids[0] ?? ""))
      .get();
    expect(row?.attempts).toBe(4);
    expect(row?.deliveredAt).toBe(t);
  });

  it("keeps retrying for more than 24 hours before giving up", async () => {
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(DAY_MS);
    const expiresAt = freshEpoch();
    const m = await moduleExpiringAt(expiresAt);
    const tag = newTag();
    const e = envFor(tag, `fail-first-${MAX_ATTEMPTS + 5}`);
    let t = expiresAt - 10 * DAY_MS;
    await runCron(e, t, quiet);
    for (const delay of RETRY_DELAYS_MS) {
      t += delay;
      await runCron(e, t, quiet);
    }
    await runCron(e, t + DAY_MS, quiet); // given up: not sent again
    const records = (await upstreamRequests(tag)).filter((r) => r.body.includes(m.id));
    expect(records).toHaveLength(MAX_ATTEMPTS);
    const [id] = eventsOf(records).map((ev) => ev.id);
    const row = await database(env.DB)
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.id, id as string))
      .get();
    expect(row).toMatchObject({ attempts: MAX_ATTEMPTS, deliveredAt: null, lastError: "status 503" });
  });
});
