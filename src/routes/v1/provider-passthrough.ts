import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { configOf } from "../../config";
import type { AiEnv } from "../../env";
import { ApiError } from "../../errors/api-error";
import { upstreamError } from "../../errors/upstream-error";
import { admitSpend } from "../../ledger/admit-spend";
import { meteredStream } from "../../ledger/record-usage";
import { settleUpstreamCall } from "../../ledger/settle-upstream-call";
import { filterModelList } from "../../passthrough/model-list";
import { relayEvents, relayWhole } from "../../passthrough/relay-answer";
import { outboundHeaders, relayedHeaders } from "../../passthrough/relay-headers";
import { enforceBuiltinTools } from "../../policy/builtin-tools";
import { isModelAllowed, outputTokenCap } from "../../policy/model-policy";
import { judgePassthrough } from "../../policy/passthrough-policy";
import { adapterContextOf, providerAccess } from "../../providers/access";
import { providerNamed } from "../../providers/registry";
import { requestScrubber } from "../../providers/request-scrubber";
import { openUpstream } from "../../providers/upstream";

const PREFIX = "/api/v1/providers/";

/** The path below `/providers/{provider}/`, exactly as it arrived (still percent-encoded). */
function rawPathOf(url: URL): string {
  const rest = url.pathname.slice(PREFIX.length);
  const slash = rest.indexOf("/");
  return slash === -1 ? "" : rest.slice(slash + 1);
}

/**
 * `GET|POST /providers/{provider}/{path}`: a provider's native API for keys with
 * `allow_passthrough`, default-deny. The policy judges the canonical path and the parsed body;
 * the checked body goes to the canonical path; the answer comes back scrubbed, with only
 * allowlisted headers (built through the context, so the gateway's own `X-Request-Id` and
 * rate-limit headers come too), and its tokens are counted.
 */
async function passthrough(c: Context<AiEnv>): Promise<Response> {
  const key = c.get("apiKey");
  if (key.allowPassthrough !== true) {
    throw new ApiError(
      "endpoint_not_allowed",
      "This key has no native passthrough (allow_passthrough is false); use POST /chat/completions, or ask the admin to set allow_passthrough.",
    );
  }
  const config = configOf(c.env);
  const name = c.req.param("provider") ?? "";
  const provider = providerNamed(name, { mockEnabled: config.ENABLE_MOCK_PROVIDER });
  if (!provider?.passthrough || !provider.baseUrlVar) {
    throw new ApiError(
      "not_found",
      "No native API for this provider; see GET /openapi.json for the passthrough's providers.",
    );
  }
  const url = new URL(c.req.url);
  const method = c.req.method;
  const verdict = judgePassthrough({
    provider: provider.name,
    spec: provider.passthrough,
    method,
    rawPath: rawPathOf(url),
    query: url.searchParams,
    bodyText: method === "GET" || method === "HEAD" ? null : await c.req.text(),
    allowedModels: key.allowedModels,
    cap: outputTokenCap(key.maxOutputTokens, config.DEFAULT_MAX_OUTPUT_TOKENS),
  });
  if (!verdict.ok) throw new ApiError(verdict.code, verdict.message);
  const { plan } = verdict;
  enforceBuiltinTools(key.allowedBuiltinTools, plan.builtinUses);
  // Refused headers cost nothing: checked before the object call counts a rate slot.
  const outbound = outboundHeaders(c.req.raw.headers, plan.body !== null, plan.streaming);
  if (!outbound.ok) throw new ApiError("invalid_request", outbound.message);
  if (plan.spend) c.set("spendIntent", plan.spend);
  // The request's one object call: key judged, limits counted, worst case reserved (or 429).
  await admitSpend(c);

  const access = await providerAccess(c, provider);
  const scrubber = requestScrubber(c, access.secret);
  const search = url.searchParams.toString();
  const opened = await openUpstream(
    `${access.baseUrl}/${plan.path}${search ? `?${search}` : ""}`,
    {
      method,
      headers: { ...outbound.headers, ...provider.adapter.authHeaders(access.secret) },
      body: plan.body ? JSON.stringify(plan.body) : null,
    },
    adapterContextOf(c, access, scrubber),
    (text) => text,
  );
  if (!opened.ok) {
    const failure = opened.failure;
    settleUpstreamCall(c, provider.name, { ok: false, failure, usage: null });
    if (failure.kind !== "status") throw upstreamError(failure, provider.name, scrubber);
    // The provider's own error body, natively shaped for its SDKs, minus what it echoed of secrets
    // and hosts. A provider 5xx is the gateway's 502 (its status in X-Upstream-Status), so it is
    // never mistaken for the gateway's own 503.
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (failure.retryAfter) headers["retry-after"] = failure.retryAfter;
    if (failure.status >= 500) headers["x-upstream-status"] = String(failure.status);
    const status = failure.status >= 500 ? 502 : failure.status;
    return c.body(scrubber(failure.message), status as ContentfulStatusCode, headers);
  }
  const upstream = opened.value.response;
  const headers = relayedHeaders(upstream.headers, scrubber);
  const reader = plan.endpoint.usage;
  if (/^text\/event-stream\b/i.test(upstream.headers.get("content-type") ?? "")) {
    const relayed = relayEvents(opened.value, scrubber, reader);
    settleUpstreamCall(c, provider.name, relayed.end);
    headers.set("cache-control", "no-cache");
    return c.body(meteredStream(c, relayed.body), upstream.status as ContentfulStatusCode, Object.fromEntries(headers));
  }
  const whole = await relayWhole(opened.value, scrubber, reader);
  settleUpstreamCall(c, provider.name, whole.end);
  if (!whole.end.ok) throw upstreamError(whole.end.failure, provider.name, scrubber);
  const list = plan.endpoint.modelList;
  const text =
    list && key.allowedModels.length > 0
      ? filterModelList(whole.text, list, (model) => isModelAllowed(key.allowedModels, `${provider.name}/${model}`))
      : whole.text;
  return c.body(text, upstream.status as ContentfulStatusCode, Object.fromEntries(headers));
}

/** The passthrough behind key-auth (documented in `/openapi.json` by `openapi/passthrough-doc.ts`). */
export function providerPassthroughRoutes() {
  return new Hono<AiEnv>().all("/providers/:provider/*", passthrough);
}
