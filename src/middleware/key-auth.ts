import type { MiddlewareHandler } from "hono";
import { configOf } from "../config";
import { database, primaryDatabase } from "../db/client";
import { touchLastUsed } from "../db/modules";
import type { AppEnv } from "../env";
import { ApiError, unavailable } from "../errors/api-error";
import { KEY_FAILURE_MESSAGES } from "../keys/failure-messages";
import { isolateKeyCache } from "../keys/isolate-cache";
import { kvKeyCache } from "../keys/key-cache";
import type { AuthenticatedKey } from "../keys/key-record";
import { d1KeyLookup } from "../keys/lookup";
import { shouldTouch, TOUCH_INTERVAL_MS } from "../keys/touch-throttle";
import { verifyKey } from "../keys/verifier";
import { withDeadline } from "../lib/deadline";
import { clientIpOf, failedAuthentication, isShielded, tooManyFailures } from "./auth-failure-shield";
import { readPresentedKey } from "./presented-key";

/** What key-auth sets (Hono's XVariables pattern): present on every route behind it, and only there. */
export type KeyAuthVariables = {
  /** The authenticated module key (never the key itself). */
  apiKey: AuthenticatedKey;
};

/**
 * Authenticates a module key (format, then KV, then D1) and sets `apiKey`. Expiry
 * and status are evaluated from the record on every request. Records the key's use in
 * `ctx.waitUntil`, at most once per key per 15 minutes.
 */
export function keyAuth(): MiddlewareHandler<{
  Bindings: AppEnv["Bindings"];
  Variables: AppEnv["Variables"] & KeyAuthVariables;
}> {
  return async function keyAuth(c, next) {
    const presented = readPresentedKey(c.req.raw);
    if (!presented) {
      throw new ApiError("missing_key", "Send the module key in X-API-Key or Authorization: Bearer.");
    }
    const now = Date.now();
    const defer = (work: Promise<unknown>) => c.executionCtx.waitUntil(work);
    // The D1 lookup is built only on a KV miss (a client costs more than the cached path's HMAC),
    // and then once: the cache fill reads D1 again through the same one.
    let lookup: ReturnType<typeof d1KeyLookup> | undefined;
    const result = await verifyKey(presented, {
      pepper: c.env.KEY_HASH_SECRET,
      cache: isolateKeyCache(kvKeyCache(c.env.KEY_CACHE, c.get("log"))),
      // Bounded: a D1 that never answers is an unavailable one (503), not a hung request.
      lookup: (hash) => {
        lookup ??= d1KeyLookup(primaryDatabase(c.env.DB));
        return withDeadline(lookup(hash), configOf(c.env).STORE_TIMEOUT_MS, "D1");
      },
      defer,
      now,
      mayLookup: () => !isShielded(clientIpOf(c), now),
    });
    if (!result.ok) {
      if (result.code === "unavailable") {
        c.get("log").error("key_store_unavailable");
        throw unavailable(KEY_FAILURE_MESSAGES.unavailable);
      }
      if (result.code === "shielded") throw tooManyFailures();
      const refusal = new ApiError(result.code, KEY_FAILURE_MESSAGES[result.code]);
      // Only an unknown or malformed key counts as a failed authentication; a known key that is
      // revoked, disabled or expired is a decision about that key, not a guess.
      throw result.code === "invalid_key" ? await failedAuthentication(c, refusal) : refusal;
    }
    c.set("apiKey", result.key);
    if (shouldTouch(result.key.moduleId, result.key.lastUsedAt, now)) {
      defer(
        touchLastUsed(database(c.env.DB), result.key.moduleId, now, TOUCH_INTERVAL_MS).catch((err: Error) =>
          c.get("log").warn("last_used_write_failed", { module_id: result.key.moduleId, error: err.name }),
        ),
      );
    }
    await next();
  };
}
