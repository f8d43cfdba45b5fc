import type { Database } from "../db/client";
import { claimDueWebhookEvents, recordWebhookAttempt } from "../db/webhook-events";
import type { Logger } from "../lib/logger";
import { signatureHeader } from "./signature";

const MINUTE_MS = 60_000;
/**
 * Delay before the next attempt after the n-th failure (n = 1, 2, …): 1 min, 5 min, 15 min, 1 h,
 * 3 h, 6 h, 12 h, 12 h — nine attempts spread over 34 hours, so a receiver down for a day still
 * gets every event. After the last one the event is given up (kept with its last error).
 */
export const RETRY_DELAYS_MS = [1, 5, 15, 60, 180, 360, 720, 720].map((m) => m * MINUTE_MS);
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** How long a claimed event stays hidden from other runs while this one delivers it. */
const LEASE_MS = 2 * MINUTE_MS;
const DELIVERY_TIMEOUT_MS = 10_000;

export type WebhookTarget = { url: string; secret: string };

export type DeliveryDeps = {
  db: Database;
  target: WebhookTarget;
  fetch: typeof fetch;
  now: number;
  log: Logger;
};

/** The outcome of one POST: delivered on any 2xx; otherwise why not (never the receiver's body). */
async function post(deps: DeliveryDeps, payload: string): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    const t = Math.floor(deps.now / 1000);
    const res = await deps.fetch(deps.target.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "edge-ai-gateway-webhooks/1",
        "x-gateway-signature": await signatureHeader(deps.target.secret, t, payload),
      },
      body: payload,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.ok ? { ok: true } : { ok: false, error: `status ${res.status}` };
  } catch (err) {
    return { ok: false, error: (err as Error).name === "TimeoutError" ? "timeout" : "unreachable" };
  }
}

/**
 * Delivers the outbox's due events (at least once each; a receiver de-duplicates by `id`), and
 * schedules the next attempt of each failure. Returns how many were delivered.
 */
export async function deliverDueWebhooks(deps: DeliveryDeps, limit = 50): Promise<number> {
  const due = await claimDueWebhookEvents(deps.db, {
    now: deps.now,
    leaseMs: LEASE_MS,
    maxAttempts: MAX_ATTEMPTS,
    limit,
  });
  let delivered = 0;
  await Promise.all(
    due.map(async (event) => {
      const result = await post(deps, event.payload);
      if (result.ok) {
        delivered++;
        await recordWebhookAttempt(deps.db, event.id, { delivered: true, at: deps.now });
        return;
      }
      const delay = RETRY_DELAYS_MS[event.attempts];
      const nextAttemptAt = delay === undefined ? null : deps.now + delay;
      deps.log.warn("webhook_delivery_failed", {
        event_id: event.id,
        type: event.type,
        attempt: event.attempts + 1,
        error: result.error,
        given_up: nextAttemptAt === null,
      });
      await recordWebhookAttempt(deps.db, event.id, { delivered: false, error: result.error, nextAttemptAt });
    }),
  );
  return delivered;
}
