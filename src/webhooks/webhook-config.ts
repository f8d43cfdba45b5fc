import type { Config } from "../config";
import type { WebhookTarget } from "./delivery";

/** Where events go, or null when `EXPIRY_WEBHOOK_URL` is unset (then no event is even queued). */
export function webhookTargetOf(config: Config, secret: string | undefined): WebhookTarget | null {
  const url = config.EXPIRY_WEBHOOK_URL.trim();
  if (!url) return null;
  return { url, secret: secret ?? "" };
}
