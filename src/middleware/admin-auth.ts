import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { secretsEqual } from "../keys/constant-time";
import { failedAuthentication } from "./auth-failure-shield";
import { readPresentedKey } from "./presented-key";

/**
 * Admits only the global admin key (`X-API-Key` or `Authorization: Bearer`), compared in constant
 * time. A wrong key counts against the client IP's failed-authentication shield.
 */
export function adminAuth(): MiddlewareHandler<AppEnv> {
  return async function adminAuth(c, next) {
    const presented = readPresentedKey(c.req.raw);
    if (!presented) throw new ApiError("missing_key", "Send the admin key in X-API-Key or Authorization: Bearer.");
    const expected = c.env.ADMIN_API_KEY;
    if (!expected) {
      throw new ApiError("unavailable", "ADMIN_API_KEY is not configured on this gateway; set it as a secret.");
    }
    if (!(await secretsEqual(presented, expected))) {
      throw await failedAuthentication(c, new ApiError("invalid_key", "The admin key is not valid."));
    }
    await next();
  };
}
