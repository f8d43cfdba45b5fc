import { configOf } from "./config";
import { database } from "./db/client";
import { purgeWebhookEvents } from "./db/webhook-events";
import { createLogger, type Logger } from "./lib/logger";
import { DAY_MS } from "./lib/time";
import { deliverDueWebhooks } from "./webhooks/delivery";
import { enqueueExpiryNotices } from "./webhooks/expiry-notices";
import { webhookTargetOf } from "./webhooks/webhook-config";

/** Delivered or given-up events are kept this long: longer than any key's expiry horizon. */
const OUTBOX_RETENTION_MS = 400 * DAY_MS;

export type CronDeps = { fetch: typeof fetch; log: Logger };

/**
 * One cron tick: queue `key.expiring` for keys that reached a threshold, deliver every due event
 * (new ones and retries, `budget.threshold` included), and forget old delivered ones. Does
 * nothing when `EXPIRY_WEBHOOK_URL` is unset; refuses to send unsigned when the secret is.
 */
export async function runCron(
  env: Env,
  now: number,
  deps: CronDeps = { fetch: (i, init) => fetch(i, init), log: createLogger({ job: "cron" }) },
): Promise<{ queued: number; delivered: number }> {
  const config = configOf(env);
  const target = webhookTargetOf(config, env.EXPIRY_WEBHOOK_SECRET);
  if (!target) return { queued: 0, delivered: 0 };
  const db = database(env.DB);
  const queued = await enqueueExpiryNotices(db, config.EXPIRY_WARNING_DAYS, now);
  if (!target.secret) {
    deps.log.error("webhook_secret_missing", { queued });
    return { queued, delivered: 0 };
  }
  const delivered = await deliverDueWebhooks({ db, target, fetch: deps.fetch, now, log: deps.log });
  await purgeWebhookEvents(db, now - OUTBOX_RETENTION_MS);
  return { queued, delivered };
}
