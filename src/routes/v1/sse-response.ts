import type { Context } from "hono";

/**
 * An event stream answer: no caching, no proxy buffering, so each event reaches the client as it
 * is sent. Built through the context so the headers middleware set before (`X-Request-Id`) come too.
 */
export function sseResponse(c: Context, body: ReadableStream<Uint8Array>): Response {
  return c.body(body, 200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
  });
}
