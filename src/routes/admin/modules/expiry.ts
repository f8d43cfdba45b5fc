import { ApiError } from "../../../errors/api-error";
import { DAY_MS } from "../../../lib/time";
import { MAX_EXPIRY_DAYS } from "../../../schemas/module";

/** An admin-set `expires_at` as epoch ms: in the future and at most 365 days away, else 400. */
export function expiryFrom(iso: string, now: number): number {
  const expiresAt = Date.parse(iso);
  if (expiresAt <= now) throw new ApiError("invalid_request", "expires_at: must be in the future.");
  if (expiresAt > now + MAX_EXPIRY_DAYS * DAY_MS) {
    throw new ApiError("invalid_request", `expires_at: must be at most ${MAX_EXPIRY_DAYS} days from now.`);
  }
  return expiresAt;
}
