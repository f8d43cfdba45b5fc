import { postJson } from "../post-json";
import type { SseEvent } from "../sse";
import { parseEventObject, StreamFault } from "../stream-fault";
import { pumpStream, type StreamTranslator } from "../stream-pump";
import type { AdapterContext, Outcome, ResponsesRequest, ResponsesResult, TokenUsage } from "../types";
import { readJson } from "../upstream";

type WireResponse = { model?: unknown; usage?: { input_tokens?: number; output_tokens?: number } | null };
type WireEvent = { type?: string; response?: WireResponse };

/** Events that end a Responses stream, each carrying the final response with its usage. */
const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);

function usageOf(response: WireResponse | undefined): TokenUsage | null {
  const usage = response?.usage;
  if (!usage || typeof usage.input_tokens !== "number") return null;
  return { promptTokens: usage.input_tokens, completionTokens: usage.output_tokens ?? 0 };
}

/** The response with the caller's model id in place of the provider's. */
function renamed<T extends WireResponse>(response: T, publicModel: string): T {
  return { ...response, model: publicModel };
}

/**
 * Relays a Responses event stream: each event's JSON as it came (the nested response renamed to
 * the caller's model id), the usage read from the terminal event (`response.completed`, or
 * `response.incomplete` / `response.failed`), which also marks the stream's proper end. An event
 * that is not JSON or has no type is a StreamFault.
 */
export function responsesStreamTranslator(publicModel: string): StreamTranslator {
  let usage: TokenUsage | null = null;
  return {
    onEvent(event: SseEvent): string[] {
      const object = parseEventObject(event.data);
      if (typeof object.type !== "string") throw new StreamFault("sent a Responses event without a type.");
      let parsed = object as WireEvent;
      if (parsed.response) parsed = { ...parsed, response: renamed(parsed.response, publicModel) };
      const out = [JSON.stringify(parsed)];
      if (parsed.type && TERMINAL.has(parsed.type)) {
        usage = usageOf(parsed.response) ?? usage;
        out.push("[DONE]");
      }
      return out;
    },
    usage: () => usage,
  };
}

/** `POST {base}/responses` for a provider that speaks OpenAI's Responses API, the output cap always set. */
export async function openAiResponses(
  request: ResponsesRequest,
  ctx: AdapterContext,
  auth: Record<string, string>,
  provider: string,
): Promise<Outcome<ResponsesResult>> {
  const body = {
    ...request.body,
    model: request.model,
    max_output_tokens: request.maxOutputTokens,
    stream: request.stream,
  };
  const opened = await postJson(`${ctx.baseUrl}/responses`, auth, body, request.stream, ctx);
  if (!opened.ok) return opened;
  if (request.stream) {
    return pumpStream(opened.value, responsesStreamTranslator(request.publicModel), provider);
  }
  const json = await readJson(opened.value);
  if (!json.ok) return json;
  const response = json.value as WireResponse & Record<string, unknown>;
  if (typeof response !== "object" || response === null || !("output" in response)) {
    return { ok: false, failure: { kind: "malformed" } };
  }
  return {
    ok: true,
    value: { kind: "json", response: renamed(response, request.publicModel), usage: usageOf(response) },
  };
}
