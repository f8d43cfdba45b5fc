import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../../src/app";
import { BASE, expectError, provision } from "../../helpers/api";
import { chat, chatBody, chatWithEnv, FAULT_TIMEOUTS, newTag } from "../../helpers/upstream";

afterEach(() => vi.restoreAllMocks());

/** The `upstream_failed` lines settleUpstreamCall logged, as parsed objects. */
function settledFailures(spy: { mock: { calls: unknown[][] } }): Array<Record<string, unknown>> {
  return spy.mock.calls
    .map(([line]) => (typeof line === "string" && line.startsWith("{") ? JSON.parse(line) : null))
    .filter((line): line is Record<string, unknown> => line?.event === "upstream_failed");
}

describe("provider answers are bounded", () => {
  it("answers 502 to a 20 MB completion, over the 10 MB MAX_ANSWER_BYTES", async () => {
    const { secret_key } = await provision();
    for (const model of ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"]) {
      const res = await chat(secret_key, chatBody(model, newTag(), {}, "behave:huge"));
      const message = await expectError(res, 502, "upstream_error");
      expect(message).toContain("MAX_ANSWER_BYTES");
    }
  });

  it("answers 502 upstream_error when the provider refuses the connection", async () => {
    const { secret_key } = await provision();
    const app = createApp();
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`${BASE}/api/v1/chat/completions`, {
        method: "POST",
        headers: { "x-api-key": secret_key, "content-type": "application/json" },
        body: JSON.stringify(chatBody("openai/gpt-4o-mini", newTag())),
      }),
      { ...env, OPENAI_BASE_URL: "http://127.0.0.1:1/v1" },
      ctx,
    );
    const message = await expectError(res, 502, "upstream_error");
    expect(message).toContain("could not be reached");
    await waitOnExecutionContext(ctx);
  });
});

describe("every upstream failure path ends in settleUpstreamCall (where reservations are refunded)", () => {
  it("settles once per call for a timeout, a 5xx, a 429, a refused stream, an oversized answer and a broken stream", async () => {
    const warn = vi.spyOn(console, "warn");
    const { secret_key } = await provision();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["behave:hang", {}, "timeout"],
      ["behave:status-503", {}, "status"],
      ["behave:status-429", {}, "status"],
      ["behave:html", { stream: true }, "malformed"],
      ["behave:huge", {}, "too_large"],
      ["behave:truncate", { stream: true }, "malformed"],
      ["behave:stall", { stream: true }, "timeout"],
    ];
    for (const [marker, extra, kind] of cases) {
      warn.mockClear();
      const call = await chatWithEnv(
        secret_key,
        chatBody("openai/gpt-4o-mini", newTag(), extra, marker),
        FAULT_TIMEOUTS,
      );
      await call.res.text();
      await call.settled;
      const settled = settledFailures(warn);
      expect(
        settled.map((s) => s.kind),
        marker,
      ).toEqual([kind]);
    }
  });

  it("settles a client that cancels mid-stream as aborted", async () => {
    const warn = vi.spyOn(console, "warn");
    const { secret_key } = await provision();
    const res = await chat(secret_key, chatBody("openai/gpt-4o-mini", newTag(), { stream: true }, "behave:stall"));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 100));
    expect(settledFailures(warn).map((s) => s.kind)).toEqual(["aborted"]);
  });
});
