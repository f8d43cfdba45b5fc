/**
 * OpenRouter fields that pick the model or its host themselves: `models` (a fallback list) and
 * `route` would run models outside the key's list; `provider` picks hosts whose prices differ
 * from the gateway's price table. One check for unified chat, unified /responses and the
 * passthrough.
 */
const ROUTING_FIELDS = ["models", "route", "provider"] as const;

/** The first model-routing field the caller set (not null), as a 400 message naming it and the fix. */
export function refuseModelRouting(body: Record<string, unknown>): string | null {
  for (const field of ROUTING_FIELDS) {
    if (body[field] === undefined || body[field] === null) continue;
    return `${field}: OpenRouter model and provider routing is not accepted (it could run models outside the key's list, at other prices); remove it and send one model in model.`;
  }
  return null;
}
