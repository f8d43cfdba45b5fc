import { describe, expect, it } from "vitest";
import { expectError, provision } from "../../helpers/api";
import { chatBody, chatWithEnv, FAULT_TIMEOUTS, newTag, ssePayloads } from "../../helpers/upstream";

const PROVIDERS = ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"];

/** A stream request against the fake upstream in this fault mode (short timeouts): status and `data:` payloads. */
async function stream(model: string, marker: string) {
  const { secret_key } = await provision();
  const { res } = await chatWithEnv(secret_key, chatBody(model, newTag(), { stream: true }, marker), FAULT_TIMEOUTS);
  return { res, payloads: res.status === 200 ? ssePayloads(await res.text()) : [] };
}

/** The parsed final error event of a stream, failing with the payloads when there is none. */
function finalError(payloads: string[]): { code: string; message: string } {
  const last = payloads.at(-1) ?? "";
  expect(last, payloads.join("\n")).toContain('"error"');
  return (JSON.parse(last) as { error: { code: string; message: string } }).error;
}

describe("a stream ends in [DONE] only after the provider's own end marker", () => {
  it("sends [DONE] once for a complete stream of every provider, after its usage", async () => {
    for (const model of PROVIDERS) {
      const { res, payloads } = await stream(model, "");
      expect(res.status).toBe(200);
      expect(payloads.at(-1), model).toBe("[DONE]");
      expect(payloads.filter((p) => p === "[DONE]")).toHaveLength(1);
      expect(payloads.some((p) => p.includes('"usage":{'))).toBe(true);
    }
  });

  it("ends a truncated stream (a clean end without the end marker) with an error event and no [DONE]", async () => {
    for (const model of PROVIDERS) {
      const { res, payloads } = await stream(model, "behave:truncate");
      expect(res.status, model).toBe(200);
      expect(payloads).not.toContain("[DONE]");
      const error = finalError(payloads);
      expect(error.code).toBe("upstream_error");
      expect(error.message).toContain("ended the stream before its end marker");
    }
  });

  it("ends a stream whose connection drops mid-way with an error event and no [DONE]", async () => {
    for (const model of PROVIDERS) {
      const { payloads } = await stream(model, "behave:cut");
      expect(payloads, model).not.toContain("[DONE]");
      expect(finalError(payloads).code).toBe("upstream_error");
    }
  });

  it("ends a stream at a data line that is not JSON, with an error event naming it and no [DONE]", async () => {
    for (const model of PROVIDERS) {
      const { payloads } = await stream(model, "behave:malformed-sse");
      expect(payloads, model).not.toContain("[DONE]");
      const error = finalError(payloads);
      expect(error.code).toBe("upstream_error");
      expect(error.message).toMatch(/not JSON/);
      // Nothing after the bad line was forwarded: the error is the second payload.
      expect(payloads.length).toBeLessThanOrEqual(2);
    }
  });

  it("ends a stream at an object that is not a chunk of the provider's shape, never forwarding it", async () => {
    for (const model of PROVIDERS) {
      const { payloads } = await stream(model, "behave:not-chunk");
      expect(payloads, model).not.toContain("[DONE]");
      expect(payloads.some((p) => p.includes('"hello"'))).toBe(false);
      expect(finalError(payloads).code).toBe("upstream_error");
    }
  });

  it("keeps a slow drip alive: the idle timeout counts silence between events, not the whole stream", async () => {
    const started = Date.now();
    const { payloads } = await stream("anthropic/claude-sonnet-4-5", "behave:drip");
    // Ten events 300 ms apart: longer in total than the idle timeout, never silent for that long.
    expect(Date.now() - started).toBeGreaterThan(Number(FAULT_TIMEOUTS.STREAM_IDLE_TIMEOUT_MS));
    expect(payloads.at(-1)).toBe("[DONE]");
  });
});

describe("before the first byte, an answer that is not a stream is 502", () => {
  it("answers 502 upstream_error when a stream request gets an HTML page with 200", async () => {
    for (const model of PROVIDERS) {
      const { res } = await stream(model, "behave:html");
      const message = await expectError(res, 502, "upstream_error");
      expect(message).toContain("text/html, not text/event-stream");
    }
  });

  it("answers 502 upstream_error when a stream request gets a whole JSON completion", async () => {
    for (const model of PROVIDERS) {
      const { res } = await stream(model, "behave:json-to-stream");
      const message = await expectError(res, 502, "upstream_error");
      expect(message).toContain("application/json, not text/event-stream");
    }
  });
});
