import type { Scrubber } from "../lib/scrub";

/** Request headers a provider's protocol needs from its SDK; auth, cookies, X-Forwarded-*, CF-* stay here. */
const FORWARDED_REQUEST_HEADERS = ["anthropic-version"] as const;

/**
 * Beta switches are refused rather than dropped (a dropped header would silently change the
 * request): they turn on features that bill extra (long-context pricing, code execution, MCP)
 * or read the organisation's stored files, which the allowlist keeps closed.
 */
const REFUSED_REQUEST_HEADERS = ["anthropic-beta", "openai-beta"] as const;

export type OutboundHeaders = { ok: true; headers: Record<string, string> } | { ok: false; message: string };

/** The headers sent upstream (without auth, which the route adds from the resolved provider key). */
export function outboundHeaders(incoming: Headers, hasBody: boolean, streaming: boolean): OutboundHeaders {
  for (const name of REFUSED_REQUEST_HEADERS) {
    if (incoming.has(name)) return { ok: false, message: `${name}: beta features are not open on the passthrough.` };
  }
  const headers: Record<string, string> = { accept: streaming ? "text/event-stream" : "application/json" };
  // The body sent is the checked JSON, re-serialised, whatever Content-Type the caller claimed.
  if (hasBody) headers["content-type"] = "application/json";
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) headers[name] = value;
  }
  return { ok: true, headers };
}

/** Provider answer headers a native SDK reads: the body type, rate-limit state and the provider's request id. */
const RELAYED_RESPONSE_HEADERS = new Set(["content-type", "retry-after", "request-id"]);
const RELAYED_PREFIXES = ["x-ratelimit-", "anthropic-ratelimit-"];
/** The gateway's own names, which a provider's same-named header must not overwrite. */
const GATEWAY_HEADERS = new Set(["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-request-id"]);

/**
 * The provider's answer headers a client may see: an allowlist, each value scrubbed. OpenAI's
 * `x-request-id` is renamed `x-upstream-request-id`, since `X-Request-Id` is the gateway's.
 */
export function relayedHeaders(upstream: Headers, scrubber: Scrubber): Headers {
  const out = new Headers();
  upstream.forEach((value, rawName) => {
    const name = rawName.toLowerCase();
    if (name === "x-request-id") {
      out.set("x-upstream-request-id", scrubber(value));
      return;
    }
    if (GATEWAY_HEADERS.has(name)) return;
    if (RELAYED_RESPONSE_HEADERS.has(name) || RELAYED_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      out.set(name, scrubber(value));
    }
  });
  return out;
}
