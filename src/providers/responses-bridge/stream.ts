import { SseParser, sseData } from "../sse";
import type { ChatCompletionChunk, FinishReason, TokenUsage } from "../types";
import { functionCallItem, messageItem, newIds, responseObject } from "./response-object";

type Event = Record<string, unknown>;
type Chunk = Partial<ChatCompletionChunk> & { error?: { code?: string; message?: string } };
type Call = { outputIndex: number; id: string; callId: string; name: string; args: string };

/** The Responses events of one chat stream, a small state machine fed one chat chunk at a time. */
function responsesEvents(publicModel: string) {
  const ids = newIds();
  let sequence = 0;
  let message: { outputIndex: number; text: string } | null = null;
  const calls = new Map<number, Call>();
  let outputs = 0;
  let finish: FinishReason = null;
  let usage: TokenUsage | null = null;
  const event = (type: string, fields: Event): Event => ({ type, sequence_number: sequence++, ...fields });

  const opened = () => {
    const response = responseObject(ids.response, publicModel, [], null, null, "in_progress");
    return [event("response.created", { response }), event("response.in_progress", { response })];
  };

  const onChunk = (chunk: Chunk): Event[] => {
    const out: Event[] = [];
    if (chunk.usage)
      usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
    for (const choice of chunk.choices ?? []) {
      finish = choice.finish_reason ?? finish;
      const text = choice.delta?.content;
      if (text) {
        if (!message) {
          message = { outputIndex: outputs++, text: "" };
          const at = { output_index: message.outputIndex };
          out.push(event("response.output_item.added", { ...at, item: messageItem(ids.message, "", "in_progress") }));
          out.push(
            event("response.content_part.added", {
              ...at,
              item_id: ids.message,
              content_index: 0,
              part: { type: "output_text", text: "", annotations: [] },
            }),
          );
        }
        message.text += text;
        out.push(
          event("response.output_text.delta", {
            item_id: ids.message,
            output_index: message.outputIndex,
            content_index: 0,
            delta: text,
            logprobs: [],
          }),
        );
      }
      for (const delta of choice.delta?.tool_calls ?? []) {
        let call = calls.get(delta.index);
        if (!call) {
          call = {
            outputIndex: outputs++,
            id: ids.call(),
            callId: delta.id ?? `call_${ids.call()}`,
            name: delta.function.name ?? "",
            args: "",
          };
          calls.set(delta.index, call);
          const item = functionCallItem(call.id, call.callId, call.name, "", "in_progress");
          out.push(event("response.output_item.added", { output_index: call.outputIndex, item }));
        }
        if (delta.function.arguments) {
          call.args += delta.function.arguments;
          out.push(
            event("response.function_call_arguments.delta", {
              item_id: call.id,
              output_index: call.outputIndex,
              delta: delta.function.arguments,
            }),
          );
        }
      }
    }
    return out;
  };

  /** The closing events of every open item, then `response.completed` (or `.incomplete` when the cap cut it). */
  const closed = (): Event[] => {
    const out: Event[] = [];
    const items: Array<{ index: number; item: Event }> = [];
    if (message) {
      const at = { item_id: ids.message, output_index: message.outputIndex, content_index: 0 };
      out.push(event("response.output_text.done", { ...at, text: message.text, logprobs: [] }));
      out.push(
        event("response.content_part.done", {
          ...at,
          part: { type: "output_text", text: message.text, annotations: [] },
        }),
      );
      const item = messageItem(ids.message, message.text);
      out.push(event("response.output_item.done", { output_index: message.outputIndex, item }));
      items.push({ index: message.outputIndex, item });
    }
    for (const call of calls.values()) {
      out.push(
        event("response.function_call_arguments.done", {
          item_id: call.id,
          output_index: call.outputIndex,
          arguments: call.args,
        }),
      );
      const item = functionCallItem(call.id, call.callId, call.name, call.args);
      out.push(event("response.output_item.done", { output_index: call.outputIndex, item }));
      items.push({ index: call.outputIndex, item });
    }
    const output = items.sort((a, b) => a.index - b.index).map((i) => i.item);
    const response = responseObject(ids.response, publicModel, output, finish, usage);
    out.push(event(response.status === "incomplete" ? "response.incomplete" : "response.completed", { response }));
    return out;
  };

  const failed = (code: string, message_: string): Event[] => [
    event("error", { code, message: message_, param: null }),
  ];
  return { opened, onChunk, closed, failed };
}

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(": keep-alive\n\n");
const encode = (events: Event[]) => encoder.encode(events.map((e) => sseData(JSON.stringify(e))).join(""));

/**
 * A chat completion stream (OpenAI chunks, as every adapter produces) re-told as the Responses
 * API's event stream. The chat stream's own integrity holds: its `[DONE]` becomes
 * `response.completed`; its error event becomes the Responses `error` event, with no completion.
 * Cancelling this stream cancels the chat stream, which aborts the upstream call.
 */
export function chatStreamToResponses(
  chat: ReadableStream<Uint8Array>,
  publicModel: string,
): ReadableStream<Uint8Array> {
  const reader = chat.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const events = responsesEvents(publicModel);
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encode(events.opened()));
          return;
        }
        for (;;) {
          const read = await reader.read();
          if (read.done) {
            controller.enqueue(
              encode(events.failed("upstream_error", "The provider stream ended before its end marker.")),
            );
            controller.close();
            return;
          }
          const out: Event[] = [];
          for (const sse of parser.push(decoder.decode(read.value, { stream: true }))) {
            if (sse.data === "[DONE]") {
              controller.enqueue(encode([...out, ...events.closed()]));
              controller.close();
              await reader.cancel().catch(() => {});
              return;
            }
            let chunk: Chunk;
            try {
              chunk = JSON.parse(sse.data) as Chunk;
            } catch {
              continue;
            }
            if (chunk.error) {
              const error = chunk.error;
              controller.enqueue(
                encode([
                  ...out,
                  ...events.failed(error.code ?? "upstream_error", error.message ?? "The provider stream failed."),
                ]),
              );
              controller.close();
              await reader.cancel().catch(() => {});
              return;
            }
            out.push(...events.onChunk(chunk));
          }
          // A read with no event is the chat stream's heartbeat: pass one on, so a vanished client is noticed.
          controller.enqueue(out.length > 0 ? encode(out) : HEARTBEAT);
          return;
        }
      },
      async cancel(reason) {
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
