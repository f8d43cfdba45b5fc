/** `last_used_at` is written at most this often per key. */
export const TOUCH_INTERVAL_MS = 15 * 60 * 1000;
const MAX_TRACKED = 10_000;

/**
 * A per-isolate memo of when this isolate last asked D1 to record a key's use, so hot keys do
 * not send one (harmless, conditional) UPDATE per request while their cached record still
 * shows an old `last_used_at`. It caches no verdict and no key material: only module ids.
 */
const lastTouch = new Map<string, number>();

/** True when this request should record the key's use. */
export function shouldTouch(moduleId: string, lastUsedAt: number | null, now: number): boolean {
  if (lastUsedAt !== null && now - lastUsedAt < TOUCH_INTERVAL_MS) return false;
  const previous = lastTouch.get(moduleId);
  if (previous !== undefined && now - previous < TOUCH_INTERVAL_MS) return false;
  if (lastTouch.size >= MAX_TRACKED) lastTouch.clear();
  lastTouch.set(moduleId, now);
  return true;
}
