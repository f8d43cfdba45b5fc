import type { MiddlewareHandler } from "hono";
import { configOf } from "../config";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * The deepest nesting of objects and arrays in a JSON text, scanning its UTF-8 bytes once (no
 * parse, no recursion), or `limit + 1` as soon as it is passed. Brackets inside strings do not
 * count; bytes of multi-byte characters are never ASCII, so the byte scan is exact.
 */
export function jsonDepthExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
  return false;
}

/**
 * Refuses a JSON body nested deeper than MAX_JSON_DEPTH (default 64) with 400
 * `invalid_request`, before anything parses it: validators and the runtime recurse over nested
 * values, and a body of 3,000 `[` within the size limit used to exhaust the stack (a 500). Reads
 * the body once into Hono's body cache, so routes read the very same bytes afterwards.
 *
 * Every body is checked whatever its Content-Type: the passthrough parses any body as JSON
 * (a `text/plain` body too), and no /api route takes a non-JSON body.
 */
export function jsonDepthLimit(): MiddlewareHandler<AppEnv> {
  return async function jsonDepthLimit(c, next) {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const limit = configOf(c.env).MAX_JSON_DEPTH;
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    // Each level costs at least one byte: a body shorter than the limit cannot exceed it.
    if (bytes.length > limit && jsonDepthExceeds(bytes, limit)) {
      throw new ApiError(
        "invalid_request",
        `The JSON body is nested more than ${limit} levels deep (MAX_JSON_DEPTH); flatten it.`,
      );
    }
    return next();
  };
}
