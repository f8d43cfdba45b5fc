import type { Translated } from "./chat-input";
import { jsonResult } from "./result";
import type { ProviderSecret } from "./secret";
import { pumpStream, type StreamTranslator } from "./stream-pump";
import type { AdapterContext, ChatCompletion, ChatRequest, ChatResult, Outcome, ProviderAdapter } from "./types";
import { openUpstream, readJson } from "./upstream";

/** What tells one provider's wire from another; the upstream call around it is the same for all. */
export type WireSpec = {
  /** The provider's name, as messages to the client call it. */
  name: string;
  /** Where the chat goes, under the configured base URL (no trailing slash). */
  url(request: ChatRequest, baseUrl: string): string;
  /** The provider's own auth headers; also used by the native passthrough. */
  authHeaders(apiKey: ProviderSecret): Record<string, string>;
  /** Fixed headers the provider wants (never caller-supplied). */
  staticHeaders?: Record<string, string>;
  /** The gateway's request in the provider's body shape, or why this provider cannot carry it (a 400). */
  toWire(request: ChatRequest): Translated<unknown>;
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
      const wire = spec.toWire(request);
      if (!wire.ok) return { ok: false, failure: { kind: "unsupported", message: wire.message } };
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
          body: JSON.stringify(wire.value),
        },
        ctx,
      );
      if (!opened.ok) return opened;
      if (request.stream) {
        return pumpStream(opened.value, spec.streamTranslator(request.publicModel), spec.name);
      }
      const json = await readJson(opened.value);
      if (!json.ok) return json;
      return jsonResult(spec.fromWire(json.value, request.publicModel));
    },
  };
}
