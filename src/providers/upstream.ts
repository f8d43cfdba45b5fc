import { scrub } from "../lib/scrub";
import type { AdapterContext, Outcome, UpstreamFailure } from "./types";
import { Watchdog } from "./watchdog";

/**
 * An upstream response whose headers arrived in time, with what reading its body needs: the
 * handle that aborts the call, the call's one watchdog (now counting idle time), the limits, and
 * a scrubber for anything the provider says that reaches the client.
 */
export type OpenUpstream = {
  response: Response;
  abort: (reason?: unknown) => void;
  watchdog: Watchdog;
  /** Did the client go away? (Its signal, not the call's own.) */
  clientGone: () => boolean;
  maxAnswerBytes: number;
  /** Removes the provider key (and key-shaped strings) from provider text shown to the client. */
  scrub: (text: string) => string;
};

const TIMEOUT = "TimeoutError";

/**
 * Sends one request upstream with the caller's abort signal and one watchdog: the response
 * headers must arrive within `ctx.timeoutMs` (TTFB), then the body may be silent for at most
 * `ctx.idleTimeoutMs` between reads. Failures come back as values: unreachable, timeout,
 * aborted, or the provider's own status with its message (read with `readMessage`, which every
 * adapter supplies for its error shape). The success body is left unread for the caller.
 */
export async function openUpstream(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: BodyInit | null },
  ctx: AdapterContext,
  readMessage: (body: string) => string | null = readErrorMessage,
): Promise<Outcome<OpenUpstream>> {
  if (ctx.signal.aborted) return { ok: false, failure: { kind: "aborted" } };
  const controller = new AbortController();
  const abort = (reason?: unknown) => controller.abort(reason);
  // Stays registered for the whole call: a client leaving mid-body aborts the upstream fetch too.
  ctx.signal.addEventListener("abort", () => abort(ctx.signal.reason), { once: true });
  const watchdog = new Watchdog(ctx.timeoutMs, (phase) =>
    abort(new DOMException(`upstream ${phase} deadline passed`, TIMEOUT)),
  );
  const secret = ctx.apiKey.reveal();
  const open: Omit<OpenUpstream, "response"> = {
    abort,
    watchdog,
    clientGone: () => ctx.signal.aborted,
    maxAnswerBytes: ctx.maxAnswerBytes,
    scrub: ctx.scrub ?? ((text) => scrub(text, [secret])),
  };
  try {
    const response = await ctx.fetch(url, { ...init, signal: controller.signal, redirect: "manual" });
    watchdog.idle(ctx.idleTimeoutMs);
    if (response.status >= 300 && response.status < 400) {
      watchdog.stop();
      await response.body?.cancel();
      return {
        ok: false,
        failure: { kind: "malformed", detail: "answered with a redirect, which the gateway does not follow." },
      };
    }
    if (!response.ok) {
      const text = await readText({ ...open, response });
      watchdog.stop();
      const failure: UpstreamFailure = {
        kind: "status",
        status: response.status,
        message: (text.ok ? readMessage(text.value) : null) ?? `The provider answered ${response.status}.`,
        retryAfter: response.headers.get("retry-after"),
      };
      return { ok: false, failure };
    }
    return { ok: true, value: { ...open, response } };
  } catch {
    watchdog.stop();
    return { ok: false, failure: failureOf(watchdog, ctx.signal) };
  }
}

/** The failure a read or fetch that threw stands for: our deadline, the client leaving, or the network. */
export function failureOf(watchdog: Watchdog, client: AbortSignal | { aborted: boolean }): UpstreamFailure {
  if (watchdog.expired) return { kind: "timeout" };
  return client.aborted ? { kind: "aborted" } : { kind: "unreachable" };
}

/**
 * Reads a whole (non-streamed) body as text, under the idle watchdog and within
 * `maxAnswerBytes`: a declared or actual size over the cap aborts the call (`too_large`) without
 * buffering the rest. Does not stop the watchdog.
 */
export async function readText(open: OpenUpstream): Promise<Outcome<string>> {
  const limit = open.maxAnswerBytes;
  const declared = Number(open.response.headers.get("content-length"));
  if (declared > limit) {
    open.abort(new DOMException("answer too large", "AbortError"));
    return { ok: false, failure: { kind: "too_large", limitBytes: limit } };
  }
  const body = open.response.body;
  if (!body) return { ok: true, value: "" };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return { ok: true, value: text + decoder.decode() };
      open.watchdog.touch();
      bytes += chunk.value.byteLength;
      if (bytes > limit) {
        open.abort(new DOMException("answer too large", "AbortError"));
        await reader.cancel().catch(() => {});
        return { ok: false, failure: { kind: "too_large", limitBytes: limit } };
      }
      text += decoder.decode(chunk.value, { stream: true });
    }
  } catch {
    return { ok: false, failure: failureOf(open.watchdog, { aborted: open.clientGone() }) };
  }
}

/** Reads a JSON body within the limits; a body that is not JSON is a malformed answer. */
export async function readJson(open: OpenUpstream): Promise<Outcome<unknown>> {
  const text = await readText(open);
  open.watchdog.stop();
  if (!text.ok) return text;
  try {
    return { ok: true, value: JSON.parse(text.value) as unknown };
  } catch {
    return { ok: false, failure: { kind: "malformed", detail: "answered with a body that is not JSON." } };
  }
}

/**
 * The human message of a provider error body. OpenAI, Anthropic and Gemini all nest it as
 * `error.message`; anything else yields null and the caller says only the status.
 */
export function readErrorMessage(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== "object" || parsed === null) return null;
    const error = (parsed as { error?: unknown }).error;
    if (typeof error === "string") return error;
    if (typeof error === "object" && error !== null) {
      const message = (error as { message?: unknown }).message;
      if (typeof message === "string") return message;
    }
    const message = (parsed as { message?: unknown }).message;
    return typeof message === "string" ? message : null;
  } catch {
    return null;
  }
}
