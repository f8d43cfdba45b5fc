import type { Scrubber } from "../lib/scrub";
import { SseParser } from "../providers/sse";
import { relayBody } from "../providers/stream-pump";
import type { CallEnd, TokenUsage } from "../providers/types";
import type { OpenUpstream } from "../providers/upstream";
import type { UsageReader } from "./endpoint";

/** An event longer than this without a blank line is not a provider's SSE: the relay ends it. */
const MAX_EVENT_CHARS = 1 << 20;
/** The blank line that ends one server-sent event, in any of the three line-end spellings. */
const EVENT_ENDS = /\r\n\r\n|\n\n|\r\r/g;

const encoder = new TextEncoder();

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** How the relayed body ended (from `relayBody`'s watchdog and reads), with the usage read from it. */
function endWith(end: CallEnd | null, usage: TokenUsage | null): CallEnd {
  if (end && !end.ok) return { ok: false, failure: end.failure, usage };
  return { ok: true, usage };
}

/**
 * A complete (non-stream) answer: read under the call's watchdog, scrubbed of every secret and
 * internal URL, its tokens read from the scrubbed JSON. `end` says how the read ended.
 */
export async function relayWhole(
  open: OpenUpstream,
  scrubber: Scrubber,
  reader: UsageReader | null,
): Promise<{ text: string; end: CallEnd }> {
  let ended: CallEnd | null = null;
  const source = relayBody(open, (end) => {
    ended = end;
  });
  let raw: string;
  try {
    raw = await new Response(source).text();
  } catch {
    return { text: "", end: endWith(ended ?? { ok: false, failure: { kind: "unreachable" }, usage: null }, null) };
  }
  const text = scrubber(raw);
  return { text, end: endWith(ended, reader ? reader.fromJson(parseJson(text)) : null) };
}

/**
 * A server-sent event stream relayed event by event: each complete event is scrubbed before
 * it is sent (a secret cannot straddle events, so none slips through a chunk boundary), and
 * its JSON payload is read for tokens. Cancelling it cancels the upstream; `end` settles with
 * how the stream ended and the usage reported so far (a cancelled stream counts what it streamed).
 */
export function relayEvents(
  open: OpenUpstream,
  scrubber: Scrubber,
  reader: UsageReader | null,
): { body: ReadableStream<Uint8Array>; end: Promise<CallEnd> } {
  let usage: TokenUsage | null = null;
  let upstreamEnd: CallEnd | null = null;
  let settle: (end: CallEnd) => void = () => {};
  const end = new Promise<CallEnd>((resolve) => {
    settle = (e) => resolve(e);
  });
  const source = relayBody(open, (e) => {
    upstreamEnd = e;
  });
  if (!source) {
    settle({ ok: true, usage: null });
    return { body: new ReadableStream({ start: (c) => c.close() }), end };
  }
  const upstream = source.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let pending = "";
  const finish = () => settle(endWith(upstreamEnd, usage));
  const count = (data: string) => {
    if (reader) usage = reader.fromEvent(parseJson(data), usage);
  };
  const emit = (events: string): Uint8Array => {
    const clean = scrubber(events);
    for (const event of parser.push(clean)) count(event.data);
    return encoder.encode(clean);
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await upstream.read();
          } catch (err) {
            finish();
            controller.error(err);
            return;
          }
          if (chunk.done) {
            pending += decoder.decode();
            if (pending) controller.enqueue(emit(pending));
            for (const event of parser.end()) count(event.data);
            controller.close();
            finish();
            return;
          }
          pending += decoder.decode(chunk.value, { stream: true });
          const cut = lastEventEnd(pending);
          if (cut > 0) {
            const complete = pending.slice(0, cut);
            pending = pending.slice(cut);
            controller.enqueue(emit(complete));
            return;
          }
          if (pending.length > MAX_EVENT_CHARS) {
            await upstream.cancel().catch(() => {});
            settle({ ok: false, failure: { kind: "malformed", detail: "sent an event over 1 MiB." }, usage });
            controller.error(new Error("upstream event too long"));
            return;
          }
        }
      },
      async cancel(reason) {
        await upstream.cancel(reason).catch(() => {});
        finish();
      },
    },
    { highWaterMark: 0 },
  );
  return { body, end };
}

/** The index just past the last complete event in `text`, or 0 when none is complete yet. */
function lastEventEnd(text: string): number {
  let end = 0;
  for (const match of text.matchAll(EVENT_ENDS)) end = match.index + match[0].length;
  return end;
}
