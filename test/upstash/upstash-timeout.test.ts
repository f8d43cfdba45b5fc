import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { configOf } from "../../src/config";
import { BASE, expectError, expectStatus, provision } from "../helpers/api";

/**
 * This run's env with Upstash pointed at an endpoint that accepts the connection and never
 * answers, and the default deadline (the project's bindings raise it for its load tests).
 */
const hungUpstash = (extra: Record<string, string> = {}) => {
  const { UPSTASH_TIMEOUT_MS: _raised, ...rest } = env as unknown as Record<string, unknown>;
  return { ...rest, UPSTASH_REDIS_REST_URL: `${env.FAKE_UPSTREAM_URL}/never-answers`, ...extra };
};

async function send(path: string, init: RequestInit, bindings: Record<string, unknown>) {
  const ctx = createExecutionContext();
  const started = Date.now();
  const res = await createApp().fetch(new Request(`${BASE}${path}`, init), bindings, ctx);
  const elapsed = Date.now() - started;
  await waitOnExecutionContext(ctx);
  return { res, elapsed };
}

const chatInit = (key: string): RequestInit => ({
  method: "POST",
  headers: { "x-api-key": key, "content-type": "application/json" },
  body: JSON.stringify({ model: "mock/echo", messages: [{ role: "user", content: "hi" }] }),
});

describe("an Upstash endpoint that accepts and never answers", () => {
  it("is bounded by UPSTASH_TIMEOUT_MS, 1 s by default", () => {
    expect(configOf(hungUpstash()).UPSTASH_TIMEOUT_MS).toBe(1000);
  });

  it("fails closed: an AI request gets 503 unavailable within 2 s, not a hang", async () => {
    const { secret_key } = await provision();
    const { res, elapsed } = await send("/api/v1/chat/completions", chatInit(secret_key), hungUpstash());
    await expectError(res, 503, "unavailable");
    expect(res.headers.get("retry-after")).toBe("5");
    expect(elapsed).toBeLessThan(2000);
  });

  it("fails open with RATE_LIMIT_FAIL_OPEN=true: the request passes within 2 s", async () => {
    const { secret_key } = await provision();
    const bindings = hungUpstash({ RATE_LIMIT_FAIL_OPEN: "true" });
    const { res, elapsed } = await send("/api/v1/chat/completions", chatInit(secret_key), bindings);
    await expectStatus(res, 200);
    expect(elapsed).toBeLessThan(2000);
  });

  it("answers GET /modules/{id} with 503 within 2 s instead of hanging on the usage read", async () => {
    const { module_id } = await provision();
    const init = { headers: { "x-api-key": env.ADMIN_API_KEY } };
    const { res, elapsed } = await send(`/api/v1/modules/${module_id}`, init, hungUpstash());
    await expectError(res, 503, "unavailable");
    expect(elapsed).toBeLessThan(2000);
  });
});
