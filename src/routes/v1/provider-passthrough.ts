import { Hono } from "hono";
import { configOf } from "../../config";
import type { AppEnv } from "../../env";
import { ApiError } from "../../errors/api-error";
import { upstreamError } from "../../errors/upstream-error";
import { settleUpstreamCall } from "../../ledger/settle-upstream-call";
import { scrub } from "../../lib/scrub";
import { readPresentedKey } from "../../middleware/presented-key";
import { isProviderAllowed, outputTokenCap } from "../../policy/model-policy";
import { checkPassthrough } from "../../policy/passthrough-policy";
import { providerAccess } from "../../providers/access";
import { passthroughUrl } from "../../providers/passthrough-url";
import { providerNamed } from "../../providers/registry";
import { relayBody } from "../../providers/stream-pump";
import { openUpstream } from "../../providers/upstream";

/** Request headers a provider may see; everything else (auth, cookies, X-Forwarded-*, CF-*) stays here. */
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "anthropic-version", "anthropic-beta", "openai-beta"];
/** Response headers never relayed: hop-by-hop, cookies, and encodings fetch has already undone. */
const DROPPED_RESPONSE_HEADERS = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "set-cookie",
  "content-encoding",
  "content-length",
]);

const PREFIX = "/api/v1/providers/";

/** The body as JSON when it is sent as JSON and parses; otherwise undefined (then relayed unchecked). */
function parseJson(body: ArrayBuffer | null, contentType: string | undefined): unknown {
  if (!body || !/\bjson\b/i.test(contentType ?? "")) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
}

/**
 * `ANY /providers/{provider}/{path}`: the provider's native API at its configured base URL, the
 * resolved provider key in the provider's own auth header, the body and stream relayed as they are.
 */
export function providerPassthroughRoutes() {
  return new Hono<AppEnv>().all("/providers/:provider/*", async (c) => {
    const name = c.req.param("provider");
    const config = configOf(c.env);
    const provider = providerNamed(name, { mockEnabled: config.ENABLE_MOCK_PROVIDER });
    if (!provider?.baseUrlVar) throw new ApiError("not_found", `No native API for provider "${name}".`);
    if (!isProviderAllowed(c.var.apiKey.allowedModels, provider.name)) {
      throw new ApiError("model_not_allowed", `This key's allowed_models include no ${provider.name} model.`);
    }
    const url = new URL(c.req.url);
    const rawPath = url.pathname.slice(PREFIX.length + name.length + 1);
    const method = c.req.method;
    const hasBody = method !== "GET" && method !== "HEAD";
    // Read once (bounded by the body limit): checked here, then relayed as the very same bytes.
    const body = hasBody ? await c.req.arrayBuffer() : null;
    const verdict = checkPassthrough({
      provider: provider.name,
      path: rawPath,
      body: parseJson(body, c.req.header("content-type")),
      allowedModels: c.var.apiKey.allowedModels,
      cap: outputTokenCap(c.var.apiKey.maxOutputTokens, config.DEFAULT_MAX_OUTPUT_TOKENS),
    });
    if (!verdict.ok) throw new ApiError(verdict.code, verdict.message);
    const access = await providerAccess(c, provider);
    const target = passthroughUrl(access.baseUrl, rawPath, url.search);
    if (!target) throw new ApiError("invalid_request", "path: must be a plain path below the provider's API.");

    const headers: Record<string, string> = {};
    for (const header of FORWARDED_REQUEST_HEADERS) {
      const value = c.req.header(header);
      if (value !== undefined) headers[header] = value;
    }
    Object.assign(headers, provider.adapter.authHeaders(access.secret));
    const secrets = [access.secret.reveal(), readPresentedKey(c.req.raw)];
    const opened = await openUpstream(
      target.toString(),
      { method, headers, body },
      {
        apiKey: access.secret,
        baseUrl: access.baseUrl,
        signal: c.req.raw.signal,
        fetch: (input, init) => fetch(input, init),
        timeoutMs: access.timeoutMs,
        idleTimeoutMs: access.idleTimeoutMs,
        maxAnswerBytes: access.maxAnswerBytes,
      },
      (body) => body,
    );
    if (!opened.ok) {
      const failure = opened.failure;
      settleUpstreamCall(c, provider.name, { ok: false, failure, usage: null });
      if (failure.kind !== "status") throw upstreamError(failure, provider.name, secrets);
      // The provider's own error, natively shaped for its SDKs, minus anything it echoed of our
      // secrets. A provider 5xx is the gateway's 502 (the provider's status in X-Upstream-Status),
      // so it is never mistaken for the gateway's own 503.
      const errorHeaders: Record<string, string> = { "content-type": "application/json" };
      if (failure.retryAfter) errorHeaders["retry-after"] = failure.retryAfter;
      const status = failure.status >= 500 ? 502 : failure.status;
      if (failure.status >= 500) errorHeaders["x-upstream-status"] = String(failure.status);
      return new Response(scrub(failure.message, secrets), { status, headers: errorHeaders });
    }
    const response = opened.value.response;
    const outHeaders = new Headers();
    response.headers.forEach((value, header) => {
      if (!DROPPED_RESPONSE_HEADERS.has(header.toLowerCase())) outHeaders.set(header, value);
    });
    const relayed = relayBody(opened.value, (end) => settleUpstreamCall(c, provider.name, end));
    return new Response(relayed, { status: response.status, headers: outHeaders });
  });
}
