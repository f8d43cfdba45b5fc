import { type SseEvent, SseParser, sseData } from "./sse";
import type { TokenUsage } from "./types";
import type { OpenUpstream } from "./upstream";

/** Turns a provider's stream events into OpenAI chunk payloads, one small state machine per call. */
export type StreamTranslator = {
  /** JSON payloads of OpenAI chunks for this event; `[DONE]` marks the end. */
  onEvent(event: SseEvent): string[];
  /** Usage reported so far by the provider, if any. */
  usage(): TokenUsage | null;
};

const encoder = new TextEncoder();

/**
 * Streams an upstream SSE body to the client as OpenAI SSE, one upstream read at a time (never
 * buffered whole). A client that goes away cancels this stream, which aborts the upstream
 * fetch itself; an upstream silent for longer than the timeout is aborted and the client gets
 * an error event, since its status line has already been sent.
 */
export function pumpStream(
  open: OpenUpstream,
  translator: StreamTranslator,
): { body: ReadableStream<Uint8Array>; usage: Promise<TokenUsage | null> } {
  const source = open.response.body;
  let settle: (usage: TokenUsage | null) => void = () => {};
  const usage = new Promise<TokenUsage | null>((resolve) => {
    settle = resolve;
  });
  if (!source) {
    settle(null);
    return { body: new ReadableStream({ start: (c) => c.close() }), usage };
  }
  const reader = source.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let finished = false;

  const render = (events: SseEvent[]): string => {
    let text = "";
    for (const event of events) {
      if (finished) break;
      for (const payload of translator.onEvent(event)) {
        if (finished) break;
        text += sseData(payload);
        if (payload === "[DONE]") finished = true;
      }
    }
    return text;
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          let timedOut = false;
          const timer = setTimeout(() => {
            timedOut = true;
            open.abort(new DOMException("upstream went silent", "TimeoutError"));
          }, open.timeoutMs);
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch {
            const code = timedOut ? "upstream_timeout" : "upstream_error";
            const message = timedOut ? "The provider stopped sending mid-stream." : "The provider stream broke off.";
            controller.enqueue(
              encoder.encode(sseData(JSON.stringify({ error: { code, message } })) + sseData("[DONE]")),
            );
            controller.close();
            settle(translator.usage());
            return;
          } finally {
            clearTimeout(timer);
          }
          if (chunk.done) {
            let tail = render([...parser.push(decoder.decode()), ...parser.end()]);
            if (!finished) tail += sseData("[DONE]");
            controller.enqueue(encoder.encode(tail));
            controller.close();
            settle(translator.usage());
            return;
          }
          const text = render(parser.push(decoder.decode(chunk.value, { stream: true })));
          if (text) {
            controller.enqueue(encoder.encode(text));
            return;
          }
        }
      },
      async cancel(reason) {
        open.abort(reason);
        settle(translator.usage());
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
  return { body, usage };
}

/**
 * Relays an upstream body byte for byte (the native passthrough), with the same guarantees as
 * `pumpStream`: a client that goes away aborts the upstream fetch, and a silent upstream is cut
 * after the timeout.
 */
export function relayBody(open: OpenUpstream): ReadableStream<Uint8Array> | null {
  const source = open.response.body;
  if (!source) return null;
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const timer = setTimeout(
          () => open.abort(new DOMException("upstream went silent", "TimeoutError")),
          open.timeoutMs,
        );
        try {
          const chunk = await reader.read();
          if (chunk.done) controller.close();
          else controller.enqueue(chunk.value);
        } catch (err) {
          controller.error(err);
        } finally {
          clearTimeout(timer);
        }
      },
      async cancel(reason) {
        open.abort(reason);
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
