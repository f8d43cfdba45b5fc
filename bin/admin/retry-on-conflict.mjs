/** How many times a write that lost a race (409 with Retry-After) is sent again before giving up. */
export const CONFLICT_RETRIES = 3;
/** The longest wait honoured between two tries, whatever Retry-After says. */
const MAX_WAIT_MS = 5_000;

/**
 * Sends a request, and sends it again (after Retry-After, at most CONFLICT_RETRIES times) while the
 * gateway answers 409 `conflict` with a Retry-After header: another admin change won a race, and
 * the write did not happen, so repeating it is safe. A 409 without Retry-After (e.g. importing a
 * key that already exists) is final and returned as it is.
 */
export async function sendRetryingConflicts(send, { retries = CONFLICT_RETRIES, onRetry = () => {} } = {}) {
  for (let attempt = 0; ; attempt++) {
    const res = await send();
    const retryAfter = res.headers.get("retry-after");
    if (res.status !== 409 || retryAfter === null || attempt >= retries) return res;
    await res.body?.cancel();
    const waitMs = Math.min(MAX_WAIT_MS, Math.max(0, Number(retryAfter) * 1000) || 1000);
    onRetry(attempt + 1, waitMs);
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}
