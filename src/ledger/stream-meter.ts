import { SseParser } from "../providers/sse";

/** What a metered stream delivered: generated text the client received, when, and how it ended. */
export type StreamMeterReading = {
  /** The generated text (content and tool-call arguments) the client was sent. */
  text: string;
  /** Epoch ms of the first chunk handed to the client, or null if none was. */
  firstByteAt: number | null;
  /** True when the client went away (or the body was cancelled) before the end. */
  cancelled: boolean;
};

type Delta = { content?: unknown; tool_calls?: Array<{ function?: { arguments?: unknown } }> };
type Chunk = {
  choices?: Array<{ delta?: Delta }>;
  type?: string;
  delta?: unknown;
  candidates?: Array<{ content?: { parts?: Array<{ text?: unknown }> } }>;
};

/** The generated text in one SSE payload: OpenAI chat or Responses, or native Anthropic or Gemini events. */
function generatedText(data: string): string {
  if (data === "[DONE]") return "";
  let chunk: Chunk;
  try {
    chunk = JSON.parse(data) as Chunk;
  } catch {
    return "";
  }
  // OpenAI Responses events (`response.output_text.delta`, …) carry the text in `delta`.
  if (typeof chunk.delta === "string" && chunk.type?.endsWith(".delta")) return chunk.delta;
  // Native Anthropic (the passthrough): `content_block_delta` with a text or JSON delta.
  if (chunk.type === "content_block_delta" && typeof chunk.delta === "object" && chunk.delta !== null) {
    const d = chunk.delta as { text?: unknown; partial_json?: unknown };
    return typeof d.text === "string" ? d.text : typeof d.partial_json === "string" ? d.partial_json : "";
  }
  let text = "";
  // Native Gemini (the passthrough): candidates' parts.
  for (const candidate of chunk.candidates ?? []) {
    for (const part of candidate.content?.parts ?? []) if (typeof part.text === "string") text += part.text;
  }
  for (const choice of chunk.choices ?? []) {
    const delta = choice.delta;
    if (typeof delta?.content === "string") text += delta.content;
    for (const call of delta?.tool_calls ?? []) {
      if (typeof call.function?.arguments === "string") text += call.function.arguments;
    }
  }
  return text;
}

/**
 * Passes an SSE answer body through unchanged, one read at a time (no buffering), while
 * noting the generated text the client was actually sent and when the first chunk left. The
 * reading settles when the stream ends, errors or is cancelled; a cancel reaches the source,
 * which aborts the upstream call. The ledger charges a cancelled stream from this reading when
 * the provider never reported usage (STR-2).
 */
export function meterStream(source: ReadableStream<Uint8Array>): {
  body: ReadableStream<Uint8Array>;
  reading: Promise<StreamMeterReading>;
} {
  const reader = source.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let text = "";
  let firstByteAt: number | null = null;
  let finish: (cancelled: boolean) => void = () => {};
  const reading = new Promise<StreamMeterReading>((resolve) => {
    finish = (cancelled) => resolve({ text, firstByteAt, cancelled });
  });
  const note = (bytes: Uint8Array | null) => {
    const events = bytes ? parser.push(decoder.decode(bytes, { stream: true })) : parser.end();
    for (const event of events) text += generatedText(event.data);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (err) {
          finish(false);
          controller.error(err);
          return;
        }
        if (chunk.done) {
          note(null);
          finish(false);
          controller.close();
          return;
        }
        firstByteAt ??= Date.now();
        note(chunk.value);
        controller.enqueue(chunk.value);
      },
      async cancel(reason) {
        finish(true);
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
  return { body, reading };
}
