import type { AdapterContext, Outcome } from "./types";
import { type OpenUpstream, openUpstream } from "./upstream";

/** POSTs a JSON body upstream with the provider's auth headers, asking for a stream or for JSON. */
export function postJson(
  url: string,
  auth: Record<string, string>,
  body: unknown,
  stream: boolean,
  ctx: AdapterContext,
): Promise<Outcome<OpenUpstream>> {
  return openUpstream(
    url,
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: stream ? "text/event-stream" : "application/json",
        ...auth,
      },
      body: JSON.stringify(body),
    },
    ctx,
  );
}
