import type { AdapterContext, Outcome, UpstreamFailure } from "./types";

/** An upstream response whose headers arrived in time, with the handle that aborts it. */
export type OpenUpstream = { response: Response; abort: (reason?: unknown) => void; timeoutMs: number };

const TIMEOUT = "TimeoutError";

/**
 * Sends one request upstream with the caller's abort signal and a deadline for the response
 * headers. Failures come back as values: unreachable, timeout, aborted, or the provider's own
 * status with its message (read with `readMessage`, which every adapter supplies for its
 * error shape). The success body is left unread for the caller to stream.
 */
export async function openUpstream(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: BodyInit | null },
  ctx: AdapterContext,
  readMessage: (body: string) => string | null = readErrorMessage,
): Promise<Outcome<OpenUpstream>> {
  const controller = new AbortController();
  const abort = (reason?: unknown) => controller.abort(reason);
  if (ctx.signal.aborted) return { ok: false, failure: { kind: "aborted" } };
  const onClientAbort = () => abort(ctx.signal.reason);
  ctx.signal.addEventListener("abort", onClientAbort, { once: true });
  const timer = setTimeout(() => abort(new DOMException("upstream deadline passed", TIMEOUT)), ctx.timeoutMs);
  try {
    const response = await ctx.fetch(url, { ...init, signal: controller.signal, redirect: "manual" });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      return { ok: false, failure: { kind: "malformed" } };
    }
    if (!response.ok) {
      const text = await response.text();
      const failure: UpstreamFailure = {
        kind: "status",
        status: response.status,
        message: readMessage(text) ?? `The provider answered ${response.status}.`,
        retryAfter: response.headers.get("retry-after"),
      };
      return { ok: false, failure };
    }
    return { ok: true, value: { response, abort, timeoutMs: ctx.timeoutMs } };
  } catch {
    return { ok: false, failure: failureOf(controller.signal, ctx.signal) };
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a JSON body within the deadline; a body that is not JSON is a malformed answer. */
export async function readJson(open: OpenUpstream, signal: AbortSignal): Promise<Outcome<unknown>> {
  const timer = setTimeout(() => open.abort(new DOMException("upstream deadline passed", TIMEOUT)), open.timeoutMs);
  try {
    const text = await open.response.text();
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, failure: { kind: "malformed" } };
    }
  } catch (err) {
    const reason = err instanceof DOMException && err.name === TIMEOUT ? err : undefined;
    return { ok: false, failure: reason ? { kind: "timeout" } : failureFromSignal(signal) };
  } finally {
    clearTimeout(timer);
  }
}

function failureOf(own: AbortSignal, client: AbortSignal): UpstreamFailure {
  if (own.aborted && own.reason instanceof DOMException && own.reason.name === TIMEOUT) return { kind: "timeout" };
  return failureFromSignal(client);
}

function failureFromSignal(client: AbortSignal): UpstreamFailure {
  return client.aborted ? { kind: "aborted" } : { kind: "unreachable" };
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
