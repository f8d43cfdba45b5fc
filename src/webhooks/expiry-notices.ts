import type { Database } from "../db/client";
import { modulesExpiringBetween } from "../db/expiring-modules";
import { enqueueWebhookEvents } from "../db/webhook-events";
import { DAY_MS } from "../lib/time";
import { keyExpiringEvent } from "./events";

/**
 * Puts one `key.expiring` event per key and threshold into the outbox. A key is due for the
 * smallest threshold it has reached (expires within that many days): a key first seen 5 days
 * before expiry with thresholds 14,7,1 is told "7", not also "14". The outbox's dedupe key
 * (module, expiry, threshold) makes every later run a no-op for that threshold, and a new
 * expiry (PATCH `expires_at`) starts the thresholds afresh. Returns how many were due.
 */
export async function enqueueExpiryNotices(db: Database, thresholdsDays: number[], now: number): Promise<number> {
  const thresholds = [...new Set(thresholdsDays)].filter((d) => d > 0).sort((a, b) => a - b);
  const widest = thresholds.at(-1);
  if (widest === undefined) return 0;
  const candidates = await modulesExpiringBetween(db, now, now + widest * DAY_MS);
  const events = [];
  for (const m of candidates) {
    if (m.expiresAt === null) continue;
    const left = m.expiresAt - now;
    const threshold = thresholds.find((d) => left <= d * DAY_MS);
    if (threshold === undefined) continue;
    events.push(
      keyExpiringEvent(
        {
          module_id: m.id,
          name: m.name,
          account_id: m.accountId,
          expires_at: new Date(m.expiresAt).toISOString(),
          days_left: Math.ceil(left / DAY_MS),
          threshold_days: threshold,
        },
        now,
      ),
    );
  }
  await enqueueWebhookEvents(db, events);
  return events.length;
}
