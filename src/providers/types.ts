import type { ChatCompletionInput } from "../schemas/chat";
import type { EmbeddingsInput } from "../schemas/embeddings";
import type { ResponsesInput } from "../schemas/responses";
import type { ProviderSecret } from "./secret";

/** The gateway's provider-neutral chat request: the caller's OpenAI body, model without the provider prefix. */
export type ChatRequest = {
  /** The provider's own model name (`gpt-4o-mini`). */
  model: string;
  /** The id the caller used (`openai/gpt-4o-mini`), echoed in answers. */
  publicModel: string;
  /** The caller's validated body, every field it sent: OpenAI-wire providers get them unchanged, translators map or refuse them. */
  body: ChatCompletionInput;
  /** Always set: the key's cap is injected or clamps the caller's value before an adapter sees it. */
  maxTokens: number;
  stream: boolean;
};

/** A finished tool call in OpenAI's answer shape. */
export type ToolCallOut = { id: string; type: "function"; function: { name: string; arguments: string } };

/** One fragment of a streamed tool call: the first carries id and name, the rest argument text. */
export type ToolCallDelta = {
  index: number;
  id?: string;
  type?: "function";
  function: { name?: string; arguments: string };
};

export type FinishReason = "stop" | "length" | "content_filter" | "tool_calls" | null;

export type TokenUsage = { promptTokens: number; completionTokens: number };

/** OpenAI's non-streaming chat completion, the answer shape for every provider. */
export type ChatCompletion = {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: "assistant"; content: string | null; tool_calls?: ToolCallOut[] };
    finish_reason: FinishReason;
  }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

/** OpenAI's streaming chunk. */
export type ChatCompletionChunk = {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: Array<{
    index: number;
    delta: { role?: "assistant"; content?: string | null; tool_calls?: ToolCallDelta[] };
    finish_reason: FinishReason;
  }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
};

/**
 * How an upstream call ended, once it has: completed (its usage, null when the provider reported
 * none), or failed (client gone, timeout, broken or lying stream, answer too large, provider
 * error) with whatever usage had been reported by then. Every path ends in exactly one of these,
 * handed to `settleUpstreamCall`.
 */
export type CallEnd =
  | { ok: true; usage: TokenUsage | null }
  | { ok: false; failure: UpstreamFailure; usage: TokenUsage | null };

/**
 * What an adapter answers. A stream is already OpenAI SSE bytes: it ends with `data: [DONE]`
 * only after the provider's own end marker, else with one `data: {"error":…}` event. `end`
 * settles when the stream is over; `usage` is its usage (kept for callers that only count).
 */
export type ChatResult = { kind: "json"; completion: ChatCompletion; usage: TokenUsage | null } | StreamResult;

/** A stream answer (chat or Responses): its bytes, and how and with what usage it ended. */
export type StreamResult = {
  kind: "stream";
  body: ReadableStream<Uint8Array>;
  usage: Promise<TokenUsage | null>;
  end: Promise<CallEnd>;
};

/** An expected upstream failure, as a value; the route turns it into an ApiError. */
export type UpstreamFailure =
  | { kind: "unreachable" }
  | { kind: "timeout" }
  | { kind: "aborted" }
  /** `detail` says what was wrong, as a sentence without its subject: "sent an event that is not JSON." */
  | { kind: "malformed"; detail?: string }
  /** A non-streamed answer over MAX_ANSWER_BYTES. */
  | { kind: "too_large"; limitBytes: number }
  /** The request asks for something this provider cannot do; nothing was sent. 400 naming the field. */
  | { kind: "unsupported"; message: string }
  | { kind: "status"; status: number; message: string; retryAfter: string | null };

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: UpstreamFailure };

/** Everything an adapter may use for one call: handed in, never read from a global. */
export type AdapterContext = {
  apiKey: ProviderSecret;
  baseUrl: string;
  /** Aborts when the client leaves or a deadline passes. */
  signal: AbortSignal;
  fetch: typeof fetch;
  /** Milliseconds allowed until the response headers (time to first byte). */
  timeoutMs: number;
  /** Milliseconds of upstream silence allowed once the headers are in (between reads of the body). */
  idleTimeoutMs: number;
  /** Largest non-streamed answer read, in bytes; more is a `too_large` failure. */
  maxAnswerBytes: number;
  /**
   * Cleans provider text shown to the client (mid-stream error messages): the request's
   * scrubber, which also hides the caller's key and internal base URLs. Default: the provider key.
   */
  scrub?: (text: string) => string;
};

/** A Responses API call: the caller's body, the provider's model name, the output cap always set. */
export type ResponsesRequest = {
  model: string;
  publicModel: string;
  body: ResponsesInput;
  maxOutputTokens: number;
  stream: boolean;
};

/** A Responses answer: the response object, or its event stream with the usage of `response.completed`. */
export type ResponsesResult =
  | { kind: "json"; response: Record<string, unknown>; usage: TokenUsage | null }
  | StreamResult;

/** An embeddings call: the caller's body and the provider's model name. */
export type EmbeddingsRequest = { model: string; publicModel: string; body: EmbeddingsInput };

/** An embeddings answer in OpenAI's list shape, with the prompt tokens it counts. */
export type EmbeddingsResult = { list: Record<string, unknown>; usage: TokenUsage };

/** The closed interface every provider implements. */
export interface ProviderAdapter {
  chat(request: ChatRequest, ctx: AdapterContext): Promise<Outcome<ChatResult>>;
  /** The provider's own auth headers, for the native passthrough. */
  authHeaders(apiKey: ProviderSecret): Record<string, string>;
  /** OpenAI's Responses API; absent for providers that do not speak it. */
  responses?(request: ResponsesRequest, ctx: AdapterContext): Promise<Outcome<ResponsesResult>>;
  /** Embeddings in OpenAI's shape; absent for providers without an embeddings API. */
  embed?(request: EmbeddingsRequest, ctx: AdapterContext): Promise<Outcome<EmbeddingsResult>>;
}
