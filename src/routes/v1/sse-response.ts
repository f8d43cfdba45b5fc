import type { Context } from "hono";
import type { AiEnv } from "../../env";
import { meteredStream } from "../../ledger/record-usage";

/**
 * An event stream answer: no caching, no proxy buffering, so each event reaches the client as it
 * is sent, through the ledger's meter (a cancelled stream is charged for what it sent). Built through the context so the headers middleware set before (`X-Request-Id`) come too.
 */
export function sseResponse(c: Context<AiEnv>, body: ReadableStream<Uint8Array>): Response {
  return c.body(meteredStream(c, body), 200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
  });
}
