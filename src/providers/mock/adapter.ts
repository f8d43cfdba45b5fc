import { openAiUsage } from "../openai-compatible/translate";
import { sseData } from "../sse";
import type {
  AdapterContext,
  CallEnd,
  ChatCompletionChunk,
  ChatRequest,
  ChatResult,
  FinishReason,
  Outcome,
  ProviderAdapter,
} from "../types";

const LOREM =
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.";
const WORD_DELAY_MS = 15;

const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** The deterministic answer: `echo` repeats the last user message, `lorem` recites lorem ipsum. */
export function mockAnswer(request: ChatRequest): { words: string[]; promptTokens: number; truncated: boolean } {
  const lastUser = [...request.messages].reverse().find((m) => m.role === "user")?.content ?? "";
  const all = words(request.model === "lorem" ? LOREM : lastUser);
  const out = all.slice(0, request.maxTokens);
  const promptTokens = request.messages.reduce((n, m) => n + words(m.content).length, 0);
  return { words: out, promptTokens, truncated: out.length < all.length };
}

/**
 * The offline provider for development and demos: no network, no key, word-by-word streaming
 * with a small delay, usage counted in words. Registered only when ENABLE_MOCK_PROVIDER is "true".
 */
export const mockAdapter: ProviderAdapter = {
  authHeaders: () => ({}),
  async chat(request: ChatRequest, ctx: AdapterContext): Promise<Outcome<ChatResult>> {
    const answer = mockAnswer(request);
    const usage = { promptTokens: answer.promptTokens, completionTokens: answer.words.length };
    const id = `chatcmpl-mock-${crypto.randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const finish: FinishReason = answer.truncated ? "length" : "stop";
    if (!request.stream) {
      const completion = {
        id,
        object: "chat.completion" as const,
        created,
        model: request.publicModel,
        choices: [
          { index: 0, message: { role: "assistant" as const, content: answer.words.join(" ") }, finish_reason: finish },
        ],
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
    // Words already sent count as output, as a provider's own usage would.
    const soFar = () => ({ promptTokens: usage.promptTokens, completionTokens: i });
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
          if (i < answer.words.length) {
            const text = i === 0 ? answer.words[i] : ` ${answer.words[i]}`;
            const delta = i === 0 ? { role: "assistant" as const, content: text } : { content: text };
            controller.enqueue(chunk({ choices: [{ index: 0, delta, finish_reason: null }] }));
            i++;
            return;
          }
          controller.enqueue(chunk({ choices: [{ index: 0, delta: {}, finish_reason: finish }] }));
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
