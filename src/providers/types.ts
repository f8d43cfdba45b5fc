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
 * What an adapter answers. A stream is already OpenAI SSE bytes (ending with `data: [DONE]`);
 * its usage settles when the stream ends (null when the provider reported none, or the client
 * went away first).
 */
export type ChatResult =
  | { kind: "json"; completion: ChatCompletion; usage: TokenUsage | null }
  | { kind: "stream"; body: ReadableStream<Uint8Array>; usage: Promise<TokenUsage | null> };

/** An expected upstream failure, as a value; the route turns it into an ApiError. */
export type UpstreamFailure =
  | { kind: "unreachable" }
  | { kind: "timeout" }
  | { kind: "aborted" }
  | { kind: "malformed" }
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
  /** Milliseconds allowed before the first byte and between stream chunks. */
  timeoutMs: number;
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
  | { kind: "stream"; body: ReadableStream<Uint8Array>; usage: Promise<TokenUsage | null> };

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
