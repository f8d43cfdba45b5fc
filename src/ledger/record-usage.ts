import type { Context } from "hono";
import type { AiEnv } from "../env";
import type { CallEnd } from "../providers/types";

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
