import type { Context } from "hono";

/**
 * Edits the headers of the response already on the context. A response passed straight through
 * from fetch() has immutable headers; it is then copied once and the copy replaces it.
 */
export function editResponseHeaders(c: Context, edit: (headers: Headers) => void): void {
  try {
    edit(c.res.headers);
  } catch {
    const copy = new Response(c.res.body, c.res);
    edit(copy.headers);
    // Clear first: Hono's setter would otherwise copy the old headers over the edited ones.
    c.res = undefined;
    c.res = copy;
  }
}
