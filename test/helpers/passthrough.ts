import { call, type Provisioned, provision } from "./api";

/** The restricted public key of the attack report: three models, output cap 100, passthrough on. */
export const RESTRICTED = {
  allowed_models: ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"],
  max_output_tokens: 100,
  allow_passthrough: true,
};

/** Provisions a module with the passthrough open (plus any other fields). */
export function passthroughKey(body: Record<string, unknown> = {}): Promise<Provisioned> {
  return provision({ allow_passthrough: true, ...body });
}

export type NativeInit = {
  method?: string;
  /** Sent as JSON text with `application/json` unless `raw` or `contentType` say otherwise. */
  body?: unknown;
  /** Exact body bytes (for duplicate keys and escapes). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
};

/** Calls `/api/v1/providers/{path}` with a module key, the way a native SDK would. */
export function native(key: string, path: string, init: NativeInit = {}): Promise<Response> {
  const headers: Record<string, string> = { "x-api-key": key, ...init.headers };
  const rawBody = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  if (rawBody !== undefined) headers["content-type"] = init.contentType ?? "application/json";
  return call(`/api/v1/providers/${path}`, {
    method: init.method ?? (rawBody === undefined ? "GET" : "POST"),
    headers,
    ...(rawBody === undefined ? {} : { rawBody }),
  });
}

/** A user message carrying the tag, in each provider's native request shape. */
export const userTurn = {
  openai: (tag: string) => [{ role: "user", content: `Hello tag:${tag}` }],
  anthropic: (tag: string) => [{ role: "user", content: `Hello tag:${tag}` }],
  gemini: (tag: string) => [{ role: "user", parts: [{ text: `Hello tag:${tag}` }] }],
};
