import { afterEach, describe, expect, it, vi } from "vitest";
import { openAiStreamTranslator } from "../../src/providers/openai-compatible/translate";
import { ProviderSecret } from "../../src/providers/secret";
import { pumpStream } from "../../src/providers/stream-pump";
import type { AdapterContext } from "../../src/providers/types";
import { openUpstream, readJson } from "../../src/providers/upstream";

const encoder = new TextEncoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function chunkEvent(i: number): string {
  return `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: `w${i} ` }, finish_reason: null }] })}\n\n`;
}

/**
 * An upstream that streams `events` with `gapMs` between them, then `[DONE]` and the end, or
 * silence. Like a real fetch, aborting its signal errors the body.
 */
function sseUpstream(events: string[], gapMs: number, after: "done" | "stall") {
  return async (_url: RequestInfo | URL, init?: RequestInit) =>
    new Response(
      new ReadableStream<Uint8Array>({
        async start(controller) {
          init?.signal?.addEventListener("abort", () => controller.error(init.signal?.reason));
          for (const event of events) {
            controller.enqueue(encoder.encode(event));
            await sleep(gapMs);
          }
          if (after === "done") {
            controller.enqueue(encoder.encode("data: [DONE]\n\n"));
            controller.close();
          }
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    );
}

function context(fetcher: AdapterContext["fetch"], idleTimeoutMs = 1000): AdapterContext {
  return {
    apiKey: new ProviderSecret("sk-test-key"),
    baseUrl: "http://upstream.test",
    signal: new AbortController().signal,
    fetch: fetcher,
    timeoutMs: 1000,
    idleTimeoutMs,
    maxAnswerBytes: 1_000_000,
  };
}

async function open(ctx: AdapterContext) {
  const opened = await openUpstream("http://upstream.test/chat", { method: "POST", headers: {} }, ctx);
  if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened.failure)}`);
  const pumped = await pumpStream(opened.value, openAiStreamTranslator("openai/gpt-4o-mini"), "openai");
  if (!pumped.ok) throw new Error(`pump failed: ${JSON.stringify(pumped.failure)}`);
  return pumped.value;
}

afterEach(() => vi.restoreAllMocks());

describe("the stream pump's watchdog", () => {
  it("arms a handful of timers for a 60-chunk stream, not one per read", async () => {
    const events = Array.from({ length: 60 }, (_, i) => chunkEvent(i));
    const ctx = context(sseUpstream(events, 2, "done"));
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    const result = await open(ctx);
    const text = await new Response(result.body).text();
    const fromPump = setTimeoutSpy.mock.calls.filter(([, ms]) => ms !== 2).length; // the fake's own sleeps are 2 ms
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect((await result.end).ok).toBe(true);
    expect(fromPump).toBeLessThanOrEqual(3);
  });

  it("writes an SSE comment heartbeat while a started stream is silent, and still times out on the idle limit", async () => {
    const ctx = context(sseUpstream([chunkEvent(0)], 0, "stall"), 1200);
    const result = await open(ctx);
    const reader = result.body.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    expect(first).toContain("w0");
    const started = Date.now();
    const second = decoder.decode((await reader.read()).value);
    expect(second).toBe(": keep-alive\n\n");
    expect(Date.now() - started).toBeLessThan(700);
    let rest = "";
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      rest += decoder.decode(next.value);
    }
    expect(rest).toContain('"code":"upstream_timeout"');
    expect(rest).not.toContain("[DONE]");
    const end = await result.end;
    expect(end.ok).toBe(false);
    if (!end.ok) expect(end.failure.kind).toBe("timeout");
  });
});

describe("reading a non-streamed answer", () => {
  it("stops pulling the body once it passes maxAnswerBytes, and aborts the call", async () => {
    let pulls = 0;
    let aborted = false;
    const megabyte = new Uint8Array(1024 * 1024).fill(0x20);
    const fetcher: AdapterContext["fetch"] = async (_url, init) => {
      init?.signal?.addEventListener("abort", () => {
        aborted = true;
      });
      return new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulls++;
            controller.enqueue(megabyte);
          },
        }),
        { headers: { "content-type": "application/json" } },
      );
    };
    const ctx = { ...context(fetcher), maxAnswerBytes: 3 * 1024 * 1024 };
    const opened = await openUpstream("http://upstream.test/chat", { method: "POST", headers: {} }, ctx);
    if (!opened.ok) throw new Error("open failed");
    const read = await readJson(opened.value);
    expect(read).toEqual({ ok: false, failure: { kind: "too_large", limitBytes: 3 * 1024 * 1024 } });
    expect(aborted).toBe(true);
    expect(pulls).toBeLessThanOrEqual(6); // an endless body: what was read is bounded by the cap
  });

  it("refuses at once an answer whose Content-Length is over the cap, reading none of it", async () => {
    const ctx = {
      ...context(async () => new Response("x".repeat(2048), { headers: { "content-length": "2048" } })),
      maxAnswerBytes: 1024,
    };
    const opened = await openUpstream("http://upstream.test/chat", { method: "POST", headers: {} }, ctx);
    if (!opened.ok) throw new Error("open failed");
    expect(await readJson(opened.value)).toEqual({ ok: false, failure: { kind: "too_large", limitBytes: 1024 } });
  });
});
