import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, expectError, expectStatus, provision } from "../../helpers/api";
import {
  chat,
  chatBody,
  chatWithEnv,
  FAULT_TIMEOUTS,
  newTag,
  ssePayloads,
  upstreamRequests,
  waitForUpstream,
} from "../../helpers/upstream";

describe("streaming", () => {
  it("hands the client the first chunk before an upstream pause of one second ends", async () => {
    const { secret_key } = await provision();
    const started = Date.now();
    const res = await chat(secret_key, chatBody("openai/gpt-4o-mini", newTag(), { stream: true }, "behave:pause"));
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    const firstAt = Date.now() - started;
    expect(new TextDecoder().decode(first.value)).toContain('"role":"assistant"');
    let rest = "";
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      rest += new TextDecoder().decode(next.value);
    }
    const endAt = Date.now() - started;
    expect(firstAt).toBeLessThan(800);
    expect(endAt).toBeGreaterThanOrEqual(1000);
    expect(rest).toContain("data: [DONE]");
  });

  it("aborts the upstream request when the client cancels mid-stream", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const res = await chat(secret_key, chatBody("anthropic/claude-sonnet-4-5", tag, { stream: true }, "behave:stall"));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const cancelledAt = Date.now();
    await reader.cancel();
    const [sent] = await waitForUpstream(tag, (r) => r[0]?.aborted === true, 1500);
    expect(sent?.aborted).toBe(true);
    expect(Date.now() - cancelledAt).toBeLessThanOrEqual(1000);
  });

  it("ends the client's stream at the end marker, sends nothing after it, and releases an upstream that goes on", async () => {
    const { secret_key } = await provision();
    for (const model of ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"]) {
      const ends = newTag();
      const whole = await chat(secret_key, chatBody(model, ends, { stream: true }));
      expect(await whole.text(), model).toMatch(/data: \[DONE\]\n\n$/);
      const trails = newTag();
      const res = await chat(secret_key, chatBody(model, trails, { stream: true }, "behave:trail"));
      const doneAt = Date.now();
      // Nothing after the marker reaches the client, and the client's stream ends at the marker.
      expect(await res.text(), model).toMatch(/data: \[DONE\]\n\n$/);
      const [trailing] = await waitForUpstream(trails, (r) => r[0]?.aborted === true, 2500);
      expect(trailing?.aborted, model).toBe(true);
      expect(Date.now() - doneAt, model).toBeLessThanOrEqual(2000);
      const [ended] = await upstreamRequests(ends);
      expect(ended?.aborted, model).toBe(false);
    }
  });

  it("aborts the upstream request when the client disconnects before the first byte", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const client = new AbortController();
    const pending = exports.default
      .fetch(
        new Request(`${BASE}/api/v1/chat/completions`, {
          method: "POST",
          headers: { "x-api-key": secret_key, "content-type": "application/json" },
          body: JSON.stringify(chatBody("openai/gpt-4o-mini", tag, {}, "behave:hang")),
          signal: client.signal,
        }),
      )
      .catch((err: Error) => err);
    await waitForUpstream(tag, (r) => r.length > 0, 1500);
    const abortedAt = Date.now();
    client.abort();
    await pending;
    const [sent] = await waitForUpstream(tag, (r) => r[0]?.aborted === true, 1500);
    expect(sent?.aborted).toBe(true);
    expect(Date.now() - abortedAt).toBeLessThanOrEqual(1000);
  });

  it("ends a stream whose upstream goes silent with an upstream_timeout event and no [DONE]", async () => {
    const { secret_key } = await provision();
    const started = Date.now();
    const { res } = await chatWithEnv(
      secret_key,
      chatBody("openai/gpt-4o-mini", newTag(), { stream: true }, "behave:stall"),
      FAULT_TIMEOUTS,
    );
    const payloads = ssePayloads(await res.text());
    expect(payloads.at(-1)).toContain('"code":"upstream_timeout"');
    expect(payloads).not.toContain("[DONE]");
    expect(Date.now() - started).toBeLessThan(Number(FAULT_TIMEOUTS.STREAM_IDLE_TIMEOUT_MS) + 1000);
  });
});

describe("upstream faults", () => {
  it("answers 504 upstream_timeout when the provider sends no headers within UPSTREAM_TTFB_TIMEOUT_MS", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const started = Date.now();
    const { res } = await chatWithEnv(
      secret_key,
      chatBody("openai/gpt-4o-mini", tag, {}, "behave:hang"),
      FAULT_TIMEOUTS,
    );
    await expectError(res, 504, "upstream_timeout");
    expect(Date.now() - started).toBeLessThan(Number(FAULT_TIMEOUTS.UPSTREAM_TTFB_TIMEOUT_MS) + 1000);
    const [sent] = await waitForUpstream(tag, (r) => r[0]?.aborted === true, 3000);
    expect(sent?.aborted).toBe(true);
  });

  it("answers 504 for a hung stream too, before any byte is sent", async () => {
    const { secret_key } = await provision();
    const res = await chat(secret_key, chatBody("gemini/gemini-2.5-flash", newTag(), { stream: true }, "behave:hang"));
    await expectError(res, 504, "upstream_timeout");
  });

  it("answers 502 upstream_error when the provider drops the connection", async () => {
    const { secret_key } = await provision();
    await expectError(
      await chat(secret_key, chatBody("openai/gpt-4o-mini", newTag(), {}, "behave:reset")),
      502,
      "upstream_error",
    );
  });

  it("answers 502 upstream_error when the provider's body is not what it should be", async () => {
    const { secret_key } = await provision();
    for (const model of ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"]) {
      await expectError(
        await chat(secret_key, chatBody(model, newTag(), {}, "behave:malformed")),
        502,
        "upstream_error",
      );
    }
  });

  it("keeps a provider's 4xx status and wraps its message", async () => {
    const { secret_key } = await provision();
    for (const model of ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"]) {
      for (const status of [400, 404]) {
        const res = await chat(secret_key, chatBody(model, newTag(), {}, `behave:status-${status}`));
        const message = await expectError(res, status, "upstream_error");
        expect(message).toContain("Rejected by fake upstream");
        expect(message).not.toMatch(/canary/);
      }
    }
  });

  it("turns a provider's 5xx into 502 upstream_error with the provider's status in X-Upstream-Status", async () => {
    const { secret_key } = await provision();
    for (const model of ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"]) {
      for (const status of [500, 503]) {
        const res = await chat(secret_key, chatBody(model, newTag(), {}, `behave:status-${status}`));
        expect(res.headers.get("x-upstream-status")).toBe(String(status));
        expect(res.headers.get("retry-after")).toBeNull();
        const message = await expectError(res, 502, "upstream_error");
        expect(message).toContain(`answered ${status}`);
        expect(message).not.toMatch(/canary/);
      }
    }
  });

  it("passes a provider's 429 through with its Retry-After", async () => {
    const { secret_key } = await provision();
    const res = await chat(secret_key, chatBody("groq/llama-3.3-70b-versatile", newTag(), {}, "behave:status-429"));
    expect(res.headers.get("retry-after")).toBe("7");
    await expectError(res, 429, "upstream_error");
  });

  it("answers an upstream error for a stream before any byte as a JSON error", async () => {
    const { secret_key } = await provision();
    const res = await chat(
      secret_key,
      chatBody("anthropic/claude-sonnet-4-5", newTag(), { stream: true }, "behave:status-400"),
    );
    await expectError(res, 400, "upstream_error");
  });

  it("still answers normal requests on the same key after faults", async () => {
    const { secret_key } = await provision();
    await expectStatus(await chat(secret_key, chatBody("openai/gpt-4o-mini", newTag())), 200);
  });
});
