import { jsonResult } from "./result";
import type { ProviderSecret } from "./secret";
import { pumpStream, type StreamTranslator } from "./stream-pump";
import type { AdapterContext, ChatCompletion, ChatRequest, ChatResult, Outcome, ProviderAdapter } from "./types";
import { openUpstream, readJson } from "./upstream";

/** What tells one provider's wire from another; the upstream call around it is the same for all. */
export type WireSpec = {
  /** Where the chat goes, under the configured base URL (no trailing slash). */
  url(request: ChatRequest, baseUrl: string): string;
  /** The provider's own auth headers; also used by the native passthrough. */
  authHeaders(apiKey: ProviderSecret): Record<string, string>;
  /** Fixed headers the provider wants (never caller-supplied). */
  staticHeaders?: Record<string, string>;
  /** The gateway's request in the provider's body shape. */
  toWire(request: ChatRequest): unknown;
  /** The provider's answer as an OpenAI completion; null when it is not one. */
  fromWire(json: unknown, publicModel: string): ChatCompletion | null;
  /** Turns the provider's stream events into OpenAI chunks. */
  streamTranslator(publicModel: string): StreamTranslator;
};

/**
 * The one adapter body: POSTs the translated request with the provider's auth, then either pumps
 * the stream through its translator or reads the JSON answer, every failure as a value.
 */
export function wireAdapter(spec: WireSpec): ProviderAdapter {
  return {
    authHeaders: spec.authHeaders,
    async chat(request: ChatRequest, ctx: AdapterContext): Promise<Outcome<ChatResult>> {
      const opened = await openUpstream(
        spec.url(request, ctx.baseUrl),
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: request.stream ? "text/event-stream" : "application/json",
            ...spec.staticHeaders,
            ...spec.authHeaders(ctx.apiKey),
          },
          body: JSON.stringify(spec.toWire(request)),
        },
        ctx,
      );
      if (!opened.ok) return opened;
      if (request.stream) {
        const { body, usage } = pumpStream(opened.value, spec.streamTranslator(request.publicModel));
        return { ok: true, value: { kind: "stream", body, usage } };
      }
      const json = await readJson(opened.value, ctx.signal);
      if (!json.ok) return json;
      return jsonResult(spec.fromWire(json.value, request.publicModel));
    },
  };
}
