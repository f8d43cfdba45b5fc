import { openAiUsage } from "../openai-compatible/translate";
import { sseData } from "../sse";
import type {
  AdapterContext,
  CallEnd,
  ChatCompletion,
  ChatCompletionChunk,
  ChatRequest,
  ChatResult,
  Outcome,
  ProviderAdapter,
} from "../types";
import { type MockAnswer, mockAnswer } from "./answer";
import { mockEmbed } from "./embeddings";

const WORD_DELAY_MS = 15;
type Delta = ChatCompletionChunk["choices"][number]["delta"];

/** The stream's deltas in order: the text word by word, or a tool call whose arguments arrive in three fragments. */
function deltasOf(answer: MockAnswer): Delta[] {
  const call = answer.toolCall;
  if (!call) return answer.words.map((w, i) => (i === 0 ? { role: "assistant", content: w } : { content: ` ${w}` }));
  const args = call.function.arguments;
  const third = Math.ceil(args.length / 3);
  const head = {
    index: 0,
    id: call.id,
    type: "function" as const,
    function: { name: call.function.name, arguments: "" },
  };
  const fragments = [0, 1, 2].map((k) => args.slice(k * third, (k + 1) * third)).filter(Boolean);
  return [
    { role: "assistant", content: null, tool_calls: [head] },
    ...fragments.map((arguments_) => ({ tool_calls: [{ index: 0, function: { arguments: arguments_ } }] })),
  ];
}

/**
 * The offline provider for development and demos: no network, no key, word-by-word streaming
 * with a small delay, usage counted in words, tool calls when tools are offered. Registered only
 * when ENABLE_MOCK_PROVIDER is "true".
 */
export const mockAdapter: ProviderAdapter = {
  authHeaders: () => ({}),
  embed: (request) => mockEmbed(request),
  async chat(request: ChatRequest, ctx: AdapterContext): Promise<Outcome<ChatResult>> {
    const answered = mockAnswer(request);
    if (!answered.ok) return { ok: false, failure: { kind: "unsupported", message: answered.message } };
    const answer = answered.value;
    const usage = { promptTokens: answer.promptTokens, completionTokens: answer.completionTokens };
    const id = `chatcmpl-mock-${crypto.randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    if (!request.stream) {
      const message: ChatCompletion["choices"][number]["message"] = answer.toolCall
        ? { role: "assistant", content: null, tool_calls: [answer.toolCall] }
        : { role: "assistant", content: answer.words.join(" ") };
      const completion: ChatCompletion = {
        id,
        object: "chat.completion",
        created,
        model: request.publicModel,
        choices: [{ index: 0, message, finish_reason: answer.finish }],
        usage: openAiUsage(usage),
      };
      return { ok: true, value: { kind: "json", completion, usage } };
    }
    const encoder = new TextEncoder();
    const chunk = (fields: Pick<ChatCompletionChunk, "choices"> & Partial<ChatCompletionChunk>) =>
      encoder.encode(
        sseData(
          JSON.stringify({ id, object: "chat.completion.chunk", created, model: request.publicModel, ...fields }),
        ),
      );
    let settle: (end: CallEnd) => void = () => {};
    const end = new Promise<CallEnd>((resolve) => {
      settle = resolve;
    });
    // Deltas already sent count as output, as a provider's own usage would.
    const soFar = () => ({ promptTokens: usage.promptTokens, completionTokens: i });
    const deltas = deltasOf(answer);
    let i = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (i > 0) await new Promise((r) => setTimeout(r, WORD_DELAY_MS));
          if (ctx.signal.aborted) {
            controller.close();
            settle({ ok: false, failure: { kind: "aborted" }, usage: soFar() });
            return;
          }
          const delta = deltas[i];
          if (delta) {
            controller.enqueue(chunk({ choices: [{ index: 0, delta, finish_reason: null }] }));
            i++;
            return;
          }
          controller.enqueue(chunk({ choices: [{ index: 0, delta: {}, finish_reason: answer.finish }] }));
          controller.enqueue(chunk({ choices: [], usage: openAiUsage(usage) }));
          controller.enqueue(encoder.encode(sseData("[DONE]")));
          controller.close();
          settle({ ok: true, usage });
        },
        cancel() {
          settle({ ok: false, failure: { kind: "aborted" }, usage: soFar() });
        },
      },
      { highWaterMark: 0 },
    );
    return { ok: true, value: { kind: "stream", body, end, usage: end.then((e) => e.usage) } };
  },
};
