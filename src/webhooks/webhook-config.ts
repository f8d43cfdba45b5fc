import type { WebhookTarget } from "./delivery";

/** `EXPIRY_WARNING_DAYS` ("14,7,1"): whole days before expiry at which `key.expiring` is sent. */
export function warningDaysOf(raw: string | undefined): number[] {
  return (raw ?? "")
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0 && n <= 366);
}

/** Where events go, or null when `EXPIRY_WEBHOOK_URL` is unset (then no event is even queued). */
export function webhookTargetOf(env: {
  EXPIRY_WEBHOOK_URL?: string;
  EXPIRY_WEBHOOK_SECRET?: string;
}): WebhookTarget | null {
  const url = env.EXPIRY_WEBHOOK_URL?.trim();
  if (!url) return null;
  return { url, secret: env.EXPIRY_WEBHOOK_SECRET ?? "" };
}
