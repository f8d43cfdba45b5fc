import type { Context } from "hono";
import { type Config, configOf } from "../config";
import { database } from "../db/client";
import type { AiEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { baseUrlOf, type Provider } from "./registry";
import { resolveProviderKey } from "./resolve-key";
import type { ProviderSecret } from "./secret";
import type { AdapterContext } from "./types";

/** What a route needs to call one provider for this request. */
export type ProviderAccess = { secret: ProviderSecret; baseUrl: string } & UpstreamLimits;

/** The bounds of one upstream call (see docs/failures.md). */
export type UpstreamLimits = {
  /** Time to the response headers. */
  timeoutMs: number;
  /** Longest upstream silence once the headers are in. */
  idleTimeoutMs: number;
  /** Largest non-streamed answer read. */
  maxAnswerBytes: number;
};

/** The upstream limits a config sets; UPSTREAM_TIMEOUT_MS is the default of both timeouts. */
export function upstreamLimitsOf(config: Config): UpstreamLimits {
  return {
    timeoutMs: config.UPSTREAM_TTFB_TIMEOUT_MS ?? config.UPSTREAM_TIMEOUT_MS,
    idleTimeoutMs: config.STREAM_IDLE_TIMEOUT_MS ?? config.UPSTREAM_TIMEOUT_MS,
    maxAnswerBytes: config.MAX_ANSWER_BYTES,
  };
}

/**
 * Resolves this request's provider key and the provider's configured base URL. A missing or
 * undecryptable key is 424 `provider_key_missing` naming the provider and why, before any
 * upstream call.
 */
export async function providerAccess(c: Context<AiEnv>, provider: Provider): Promise<ProviderAccess> {
  const resolved = await resolveProviderKey(provider, c.get("apiKey").accountId, {
    env: c.env,
    db: () => database(c.env.DB),
  });
  if (!resolved.ok) {
    c.get("log").warn("provider_key_missing", { provider: provider.name, module_id: c.get("apiKey").moduleId });
    throw new ApiError("provider_key_missing", `No usable ${provider.name} key: ${resolved.reason}.`);
  }
  const config = configOf(c.env);
  const baseUrl = provider.baseUrlVar ? baseUrlOf(provider, config) : "";
  if (baseUrl === null) throw new ApiError("upstream_error", `${provider.name} has no base URL configured.`);
  return { secret: resolved.secret, baseUrl, ...upstreamLimitsOf(config) };
}

/**
 * The context an adapter (or the passthrough) calls upstream with: this request's abort signal,
 * the resolved key and base URL, the call's limits, and the request's scrubber.
 */
export function adapterContextOf(
  c: Context<AiEnv>,
  access: ProviderAccess,
  scrub: (text: string) => string,
): AdapterContext {
  return {
    apiKey: access.secret,
    baseUrl: access.baseUrl,
    signal: c.req.raw.signal,
    fetch: (input, init) => fetch(input, init),
    timeoutMs: access.timeoutMs,
    idleTimeoutMs: access.idleTimeoutMs,
    maxAnswerBytes: access.maxAnswerBytes,
    scrub,
  };
}
