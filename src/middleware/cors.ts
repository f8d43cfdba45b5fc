import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { editResponseHeaders } from "./response-headers";

const ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const ALLOW_HEADERS = "X-API-Key, Authorization, Content-Type";
/** A comma-separated list of header names (RFC 9110 tokens), as browsers send in Access-Control-Request-Headers. */
const HEADER_LIST = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;
const MAX_REQUEST_HEADERS_LENGTH = 2_000;

/**
 * The headers a preflight allows: the ones the browser asks for (the OpenAI SDK sends
 * `x-stainless-*`, others their own), which carry nothing the gateway trusts, plus the key
 * headers; a malformed or oversized list gets only the key headers.
 */
function allowedHeaders(requested: string | undefined): string {
  const asked = requested?.trim() ?? "";
  if (asked === "" || asked.length > MAX_REQUEST_HEADERS_LENGTH || !HEADER_LIST.test(asked)) return ALLOW_HEADERS;
  return `${ALLOW_HEADERS}, ${asked.toLowerCase()}`;
}
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
      const headers = new Headers({ Vary: "Origin, Access-Control-Request-Headers" });
      if (echo) {
        headers.set("Access-Control-Allow-Origin", echo);
        headers.set("Access-Control-Allow-Methods", ALLOW_METHODS);
        headers.set("Access-Control-Allow-Headers", allowedHeaders(c.req.header("access-control-request-headers")));
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
