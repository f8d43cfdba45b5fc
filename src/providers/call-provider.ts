import type { Context } from "hono";
import type { AiEnv } from "../env";
import { upstreamError } from "../errors/upstream-error";
import { admitSpend } from "../ledger/admit-spend";
import { settleUpstreamCall } from "../ledger/settle-upstream-call";
import { adapterContextOf, providerAccess } from "./access";
import type { Provider } from "./registry";
import { requestScrubber } from "./request-scrubber";
import type { AdapterContext, CallEnd, Outcome, TokenUsage } from "./types";

/** What every provider answer carries: its usage, and for a stream how it ended. */
type Settles = { usage: TokenUsage | null | Promise<TokenUsage | null>; end?: Promise<CallEnd> };

/**
 * One provider call for this request: resolves the provider key and base URL, hands the adapter
 * its context (the request's abort signal, the TTFB and idle timeouts, the answer cap), hands how
 * the call ended to `settleUpstreamCall` (a stream when it ends), and turns a failure into the
 * contract's error, scrubbed of the provider key, the caller's key and internal base URLs.
 */
export async function callProvider<T extends Settles>(
  c: Context<AiEnv>,
  provider: Provider,
  call: (ctx: AdapterContext) => Promise<Outcome<T>>,
): Promise<T> {
  // The request's one object call: key judged, limits counted, worst case reserved (or 429).
  await admitSpend(c);
  const access = await providerAccess(c, provider);
  const scrub = requestScrubber(c, access.secret);
  const outcome = await call(adapterContextOf(c, access, scrub));
  if (outcome.ok) {
    const result = outcome.value;
    settleUpstreamCall(
      c,
      provider.name,
      result.end ?? Promise.resolve(result.usage).then((usage): CallEnd => ({ ok: true, usage })),
    );
    return result;
  }
  settleUpstreamCall(c, provider.name, { ok: false, failure: outcome.failure, usage: null });
  throw upstreamError(outcome.failure, provider.name, scrub);
}
