import { ApiError } from "../errors/api-error";

const QUERY_KEY_NAMES = ["key", "api_key", "apikey", "api-key", "token", "access_token"];

/**
 * The key a caller sent: `X-API-Key`, else `Authorization: Bearer <key>`. Returns null when
 * neither is there. A key in the query string is refused outright, since URLs end up in logs.
 */
export function readPresentedKey(request: Request): string | null {
  const url = new URL(request.url);
  if (QUERY_KEY_NAMES.some((name) => url.searchParams.has(name))) {
    throw new ApiError("invalid_request", "Keys are never accepted in the query string; send X-API-Key instead.");
  }
  const header = request.headers.get("x-api-key")?.trim();
  if (header) return header;
  const auth = request.headers.get("authorization");
  const match = auth?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}
