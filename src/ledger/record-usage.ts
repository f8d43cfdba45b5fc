import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { TokenUsage } from "../providers/types";

/**
 * Replaces this request's reservation by the usage the provider reported (a promise for a
 * stream), in `waitUntil`. For a stream, prefer `meteredStream`, which also charges a cancelled
 * stream for what it sent. Without an admitted spend (the limiter failed open) it does nothing.
 */
export function recordUsage(c: Context<AppEnv>, usage: Promise<TokenUsage | null> | TokenUsage | null): void {
  c.get("spend")?.settle(usage);
}

/**
 * The stream to send the client: the answer passed through the ledger's meter, so its usage
 * settles when it ends — and a client that cancels is charged for what it was sent (STR-2).
 */
export function meteredStream(
  c: Context<AppEnv>,
  body: ReadableStream<Uint8Array>,
  usage: Promise<TokenUsage | null>,
): ReadableStream<Uint8Array> {
  return c.get("spend")?.settleStream(body, usage) ?? body;
}
