import type { Context } from "hono";
import type { AiEnv } from "../env";
import type { CallEnd, TokenUsage } from "../providers/types";

/**
 * Replaces this request's reservation by the usage the provider reported (a promise for a
 * stream), in `waitUntil`; without reported usage the worst case is charged. Routes that call a
 * provider go through `settleUpstreamCall` instead, which also refunds failures. Without an
 * admitted spend (the limiter failed open) it does nothing.
 */
export function recordUsage(c: Context<AiEnv>, usage: Promise<TokenUsage | null> | TokenUsage | null): void {
  c.get("spend")?.settle(usage);
}

/** Settles this request's reservation from how its upstream call ended (see `Spend.settleCall`). */
export function settleSpend(c: Context<AiEnv>, end: Promise<CallEnd>): void {
  c.get("spend")?.settleCall(end);
}

/**
 * The stream to send the client, passed through the ledger's meter so a cancelled or broken
 * stream is charged for what it sent (STR-2). Unchanged without an admitted spend.
 */
export function meteredStream(c: Context<AiEnv>, body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return c.get("spend")?.meter(body) ?? body;
}
