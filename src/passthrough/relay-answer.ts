import type { Scrubber } from "../lib/scrub";
import { SseParser } from "../providers/sse";
import { relayBody } from "../providers/stream-pump";
import type { TokenUsage } from "../providers/types";
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

export type WholeAnswer = { ok: true; text: string; usage: TokenUsage | null } | { ok: false };

/**
 * A complete (non-stream) answer: read within the relay's silence deadline, scrubbed of every
 * secret and internal URL, its tokens read from the scrubbed JSON.
 */
export async function relayWhole(
  open: OpenUpstream,
  scrubber: Scrubber,
  reader: UsageReader | null,
): Promise<WholeAnswer> {
  let raw: string;
  try {
    raw = await new Response(relayBody(open)).text();
  } catch {
    return { ok: false };
  }
  const text = scrubber(raw);
  const usage = reader ? reader.fromJson(parseJson(text)) : null;
  return { ok: true, text, usage };
}

/**
 * A server-sent event stream relayed event by event: each complete event is scrubbed before
 * it is sent (a secret cannot straddle events, so none slips through a chunk boundary), and
 * its JSON payload is read for tokens. Cancelling it cancels the upstream; the usage promise
 * settles with what was reported when the stream ends, breaks or is cancelled.
 */
export function relayEvents(
  open: OpenUpstream,
  scrubber: Scrubber,
  reader: UsageReader | null,
): { body: ReadableStream<Uint8Array>; usage: Promise<TokenUsage | null> } {
  let usage: TokenUsage | null = null;
  let settle: (u: TokenUsage | null) => void = () => {};
  const settled = new Promise<TokenUsage | null>((resolve) => {
    settle = resolve;
  });
  const source = relayBody(open);
  if (!source) {
    settle(null);
    return { body: new ReadableStream({ start: (c) => c.close() }), usage: settled };
  }
  const upstream = source.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let pending = "";

  const emit = (events: string): Uint8Array => {
    const clean = scrubber(events);
    if (reader) {
      for (const event of parser.push(clean)) usage = reader.fromEvent(parseJson(event.data), usage);
    }
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
            settle(usage);
            controller.error(err);
            return;
          }
          if (chunk.done) {
            pending += decoder.decode();
            if (pending) controller.enqueue(emit(pending));
            for (const event of parser.end()) if (reader) usage = reader.fromEvent(parseJson(event.data), usage);
            controller.close();
            settle(usage);
            return;
          }
          pending += decoder.decode(chunk.value, { stream: true });
          const match = lastEventEnd(pending);
          if (match > 0) {
            const complete = pending.slice(0, match);
            pending = pending.slice(match);
            controller.enqueue(emit(complete));
            return;
          }
          if (pending.length > MAX_EVENT_CHARS) {
            await upstream.cancel().catch(() => {});
            settle(usage);
            controller.error(new Error("upstream event too long"));
            return;
          }
        }
      },
      async cancel(reason) {
        settle(usage);
        await upstream.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
  return { body, usage: settled };
}

/** The index just past the last complete event in `text`, or 0 when none is complete yet. */
function lastEventEnd(text: string): number {
  let end = 0;
  for (const match of text.matchAll(EVENT_ENDS)) end = match.index + match[0].length;
  return end;
}
