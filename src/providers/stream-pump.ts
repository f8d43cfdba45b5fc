import { type SseEvent, SseParser, sseData } from "./sse";
import { StreamFault } from "./stream-fault";
import type { CallEnd, Outcome, StreamResult, TokenUsage, UpstreamFailure } from "./types";
import { failureOf, type OpenUpstream } from "./upstream";

/**
 * Turns a provider's stream events into OpenAI chunk payloads, one small state machine per call.
 * `onEvent` returns the JSON payloads to send for one event; `"[DONE]"` means the provider's own
 * end marker arrived (OpenAI `[DONE]`, Anthropic `message_stop`, Gemini's final candidate with a
 * `finishReason`) and is the only way the client ever gets `[DONE]`. An event that is not what
 * the provider should send (not JSON, not a chunk of its shape, its own error event) is thrown
 * as a `StreamFault`.
 */
export type StreamTranslator = {
  onEvent(event: SseEvent): string[];
  /** Usage reported so far by the provider, if any. */
  usage(): TokenUsage | null;
};

/** Silence after which a started stream gets an SSE comment, so a vanished client is noticed. */
export const HEARTBEAT_MS = 400;

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(": keep-alive\n\n");
const DONE = "[DONE]";

type Step = { text: string; done: boolean };

/**
 * Streams an upstream SSE answer to the client as OpenAI SSE, pulled one upstream read at a
 * time (never buffered whole), under the call's one watchdog. Before the client gets a status
 * line, the first event is read: an answer that is not `text/event-stream`, does not parse, ends
 * or breaks before its first chunk comes back as a failure (→ 502, or 504 on a timeout). After
 * that, whatever goes wrong (truncation, a malformed or foreign event, the provider's error
 * event, silence past the idle timeout) ends the stream with one `data: {"error":…}` event and
 * no `[DONE]`. A client that goes away cancels the stream, which aborts the upstream fetch.
 * `end` settles exactly once, with the usage reported so far.
 */
export async function pumpStream(
  open: OpenUpstream,
  translator: StreamTranslator,
  provider: string,
): Promise<Outcome<StreamResult>> {
  const { response, watchdog } = open;
  const type = response.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("text/event-stream") || !response.body) {
    watchdog.stop();
    open.abort(new DOMException("not a stream", "AbortError"));
    await response.body?.cancel().catch(() => {});
    const detail = `answered a stream request with ${type.split(";")[0] || "no content type"}, not text/event-stream.`;
    return { ok: false, failure: { kind: "malformed", detail } };
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser(open.maxAnswerBytes);

  /** Reads until there is something to send, the end marker, or the end of the body. */
  const step = async (): Promise<Step> => {
    for (;;) {
      const chunk = await reader.read();
      if (watchdog.expired) throw new DOMException("upstream went silent", "TimeoutError");
      watchdog.touch();
      if (chunk.done) {
        const tail = render([...parser.push(decoder.decode()), ...parser.end()]);
        if (tail.done) return tail;
        throw new StreamFault("ended the stream before its end marker.");
      }
      const out = render(parser.push(decoder.decode(chunk.value, { stream: true })));
      if (out.text || out.done) return out;
    }
  };
  const translate = (event: SseEvent): string[] => {
    try {
      return translator.onEvent(event);
    } catch (err) {
      if (err instanceof StreamFault) throw err;
      // A translator that tripped over a field of the wrong type met a chunk it cannot trust.
      throw new StreamFault("sent a chunk the gateway could not translate.");
    }
  };
  const render = (events: SseEvent[]): Step => {
    let text = "";
    for (const event of events) {
      for (const payload of translate(event)) {
        text += sseData(payload);
        if (payload === DONE) return { text, done: true };
      }
    }
    return { text, done: false };
  };

  let first: Step;
  try {
    first = await step();
  } catch (err) {
    watchdog.stop();
    open.abort(err);
    await reader.cancel().catch(() => {});
    return { ok: false, failure: failureFrom(err, open) };
  }

  let settle: (end: CallEnd) => void = () => {};
  const end = new Promise<CallEnd>((resolve) => {
    settle = resolve;
  });
  let over = false;
  const finish = (result: CallEnd) => {
    if (over) return;
    over = true;
    watchdog.stop();
    settle(result);
  };

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(first.text));
        if (first.done) {
          controller.close();
          finish({ ok: true, usage: translator.usage() });
          void reader.cancel().catch(() => {});
          return;
        }
        watchdog.heartbeat(HEARTBEAT_MS, () => {
          if (!over) controller.enqueue(HEARTBEAT);
        });
      },
      async pull(controller) {
        if (over) return;
        let next: Step;
        try {
          next = await step();
        } catch (err) {
          if (over) return; // cancelled meanwhile
          const failure = failureFrom(err, open);
          open.abort(err);
          controller.enqueue(encoder.encode(sseData(JSON.stringify(errorEvent(failure, provider, open)))));
          controller.close();
          finish({ ok: false, failure, usage: translator.usage() });
          return;
        }
        if (over) return;
        controller.enqueue(encoder.encode(next.text));
        if (next.done) {
          controller.close();
          finish({ ok: true, usage: translator.usage() });
          // Whatever the provider sends after its end marker is not read; release the connection.
          void reader.cancel().catch(() => {});
        }
      },
      async cancel(reason) {
        finish({ ok: false, failure: { kind: "aborted" }, usage: translator.usage() });
        open.abort(reason);
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
  return {
    ok: true,
    value: { kind: "stream", body, end, usage: end.then((e) => e.usage) },
  };
}

function failureFrom(err: unknown, open: OpenUpstream): UpstreamFailure {
  if (err instanceof StreamFault) return { kind: "malformed", detail: open.scrub(err.message) };
  return failureOf(open.watchdog, { aborted: open.clientGone() });
}

/** The one final event of a stream that broke after it started. */
function errorEvent(failure: UpstreamFailure, provider: string, open: OpenUpstream) {
  if (failure.kind === "timeout") {
    return { error: { code: "upstream_timeout", message: `${provider} stopped sending mid-stream.` } };
  }
  const message =
    failure.kind === "malformed" && failure.detail
      ? `${provider} ${failure.detail}`
      : open.clientGone()
        ? "The request was cancelled."
        : `${provider} broke off the stream.`;
  return { error: { code: "upstream_error", message } };
}

/**
 * Relays an upstream body byte for byte (the native passthrough), with the same guarantees as
 * `pumpStream`: a client that goes away aborts the upstream fetch, and a silent upstream is cut
 * after the idle timeout by the call's watchdog. `onEnd` hears how the relay ended.
 */
export function relayBody(
  open: OpenUpstream,
  onEnd: (end: CallEnd) => void = () => {},
): ReadableStream<Uint8Array> | null {
  const source = open.response.body;
  if (!source) {
    open.watchdog.stop();
    onEnd({ ok: true, usage: null });
    return null;
  }
  const reader = source.getReader();
  let over = false;
  const finish = (end: CallEnd) => {
    if (over) return;
    over = true;
    open.watchdog.stop();
    onEnd(end);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const chunk = await reader.read();
          open.watchdog.touch();
          if (chunk.done) {
            controller.close();
            finish({ ok: true, usage: null });
          } else controller.enqueue(chunk.value);
        } catch (err) {
          finish({ ok: false, failure: failureOf(open.watchdog, { aborted: open.clientGone() }), usage: null });
          controller.error(err);
        }
      },
      async cancel(reason) {
        finish({ ok: false, failure: { kind: "aborted" }, usage: null });
        open.abort(reason);
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
