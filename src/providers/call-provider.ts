import type { Context } from "hono";
import type { AiEnv } from "../env";
import { upstreamError } from "../errors/upstream-error";
import { readPresentedKey } from "../middleware/presented-key";
import { providerAccess } from "./access";
import type { Provider } from "./registry";
import type { AdapterContext, Outcome } from "./types";

/**
 * One provider call for this request: resolves the provider key and base URL, hands the adapter
 * its context (the request's abort signal, the timeout), and turns a failure into the contract's
 * error, scrubbed of the provider key and the caller's key. A translation refusal is a 400 and
 * is not logged as an upstream failure.
 */
export async function callProvider<T>(
  c: Context<AiEnv>,
  provider: Provider,
  call: (ctx: AdapterContext) => Promise<Outcome<T>>,
): Promise<T> {
  const access = await providerAccess(c, provider);
  const outcome = await call({
    apiKey: access.secret,
    baseUrl: access.baseUrl,
    signal: c.req.raw.signal,
    fetch: (input, init) => fetch(input, init),
    timeoutMs: access.timeoutMs,
  });
  if (outcome.ok) return outcome.value;
  const kind = outcome.failure.kind;
  if (kind !== "unsupported") {
    c.var.log.warn("upstream_failed", { provider: provider.name, kind, module_id: c.var.apiKey.moduleId });
  }
  throw upstreamError(outcome.failure, provider.name, [access.secret.reveal(), readPresentedKey(c.req.raw)]);
}
