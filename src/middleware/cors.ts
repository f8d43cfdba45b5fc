import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { editResponseHeaders } from "./response-headers";

const ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const ALLOW_HEADERS = "X-API-Key, Authorization, Content-Type";
const EXPOSE_HEADERS = "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, X-Request-Id";

/**
 * CORS for AI routes, which plugin pages on any origin call with a key in a header.
 *
 * A preflight cannot carry the key, so it is answered for any origin; the key's origin policy
 * is enforced on the real request (origin-policy middleware), which answers a disallowed
 * origin with 403 `origin_not_allowed`. Answers echo the request's `Origin` (never `*`, never
 * `null`, never with credentials) so the page can read both its data and the reason for an
 * error; a success therefore reaches a page only from an origin the key allows.
 */
export function cors({ maxAgeSeconds = 86_400 } = {}): MiddlewareHandler<AppEnv> {
  const maxAge = String(maxAgeSeconds);
  return async function cors(c, next) {
    const origin = c.req.header("origin");
    const echo = origin && origin !== "null" ? origin : null;
    if (c.req.method === "OPTIONS") {
      const headers = new Headers({ Vary: "Origin" });
      if (echo) {
        headers.set("Access-Control-Allow-Origin", echo);
        headers.set("Access-Control-Allow-Methods", ALLOW_METHODS);
        headers.set("Access-Control-Allow-Headers", ALLOW_HEADERS);
        headers.set("Access-Control-Max-Age", maxAge);
      }
      return new Response(null, { status: 204, headers });
    }
    // Errors included: onError has already rendered c.res by the time next() resolves.
    await next();
    editResponseHeaders(c, (headers) => {
      headers.append("Vary", "Origin");
      if (echo) {
        headers.set("Access-Control-Allow-Origin", echo);
        headers.set("Access-Control-Expose-Headers", EXPOSE_HEADERS);
      }
    });
  };
}
