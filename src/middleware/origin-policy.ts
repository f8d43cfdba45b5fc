import type { MiddlewareHandler } from "hono";
import type { AiEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { originAllowed } from "../policy/origin-pattern";

/**
 * Enforces the key's `allowed_origins` before any rate-limit, budget or upstream work. An
 * empty list allows any caller. With a list, the request must carry an `Origin` on it: a
 * missing or `null` Origin is refused too, because an origin-bound key is meant for browser
 * pages (which always send Origin cross-origin). This stops other websites from hotlinking the
 * key; it is not authentication, since non-browser clients can forge `Origin`.
 */
export function originPolicy(): MiddlewareHandler<AiEnv> {
  return async function originPolicy(c, next) {
    const patterns = c.get("apiKey").allowedOrigins;
    if (patterns.length > 0) {
      const origin = c.req.header("origin");
      if (!origin || origin === "null") {
        throw new ApiError(
          "origin_not_allowed",
          "This key only works from the web pages it is bound to, and the request carried no Origin.",
        );
      }
      if (!originAllowed(origin, patterns)) {
        throw new ApiError("origin_not_allowed", `This key does not allow requests from ${origin.slice(0, 200)}.`);
      }
    }
    await next();
  };
}
