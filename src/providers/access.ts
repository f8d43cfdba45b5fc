import type { Context } from "hono";
import { database } from "../db/client";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { baseUrlOf, type Provider } from "./registry";
import { resolveProviderKey } from "./resolve-key";
import type { ProviderSecret } from "./secret";

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

const positive = (raw: string | undefined): number | null => {
  const n = Number.parseInt(raw ?? "", 10);
  return n > 0 ? n : null;
};

/** The upstream limits this env configures; UPSTREAM_TIMEOUT_MS is the default of both timeouts. */
export function upstreamLimitsOf(env: Env): UpstreamLimits {
  const both = positive(env.UPSTREAM_TIMEOUT_MS) ?? 60_000;
  return {
    timeoutMs: positive(env.UPSTREAM_TTFB_TIMEOUT_MS) ?? both,
    idleTimeoutMs: positive(env.STREAM_IDLE_TIMEOUT_MS) ?? both,
    maxAnswerBytes: positive(env.MAX_ANSWER_BYTES) ?? 10 * 1024 * 1024,
  };
}

/**
 * Resolves this request's provider key and the provider's configured base URL. A missing or
 * undecryptable key is 424 `provider_key_missing` naming the provider and why, before any
 * upstream call.
 */
export async function providerAccess(c: Context<AppEnv>, provider: Provider): Promise<ProviderAccess> {
  const resolved = await resolveProviderKey(provider, c.var.apiKey.accountId, {
    env: c.env,
    db: () => database(c.env.DB),
  });
  if (!resolved.ok) {
    c.var.log.warn("provider_key_missing", { provider: provider.name, module_id: c.var.apiKey.moduleId });
    throw new ApiError("provider_key_missing", `No usable ${provider.name} key: ${resolved.reason}.`);
  }
  const baseUrl = provider.baseUrlVar ? baseUrlOf(provider, c.env) : "";
  if (baseUrl === null) throw new ApiError("upstream_error", `${provider.name} has no base URL configured.`);
  return { secret: resolved.secret, baseUrl, ...upstreamLimitsOf(c.env) };
}
