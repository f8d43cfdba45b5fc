import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import type { Limiter } from "../../src/authority/limiter";
import { callObject } from "../../src/authority/object-call";
import type { ConfigVars } from "../../src/config";
import { BASE, expectError, expectStatus, provision } from "../helpers/api";

/** A limiter whose store is down: every call throws `error`; counts the calls that reached it. */
function brokenLimiter(error: Error) {
  let calls = 0;
  const limiter: Limiter = {
    check: () =>
      callObject(async () => {
        calls++;
        throw error;
      }),
    usage: () => Promise.reject(error),
  };
  return { limiter, calls: () => calls };
}

/** Calls a gateway built with `limiter` in place of the real one, with `vars` over the test env. */
async function callWith(limiter: Limiter, key: string, vars: Partial<Env> & ConfigVars = {}): Promise<Response> {
  const app = createApp({ limiter: () => limiter });
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`${BASE}/api/v1/models`, { headers: { "x-api-key": key } }),
    { ...env, ...vars },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

afterEach(() => vi.restoreAllMocks());

describe("rate-limit middleware when the limiter fails", () => {
  it("fails closed with 503 unavailable and Retry-After when the object throws", async () => {
    const p = await provision();
    const broken = brokenLimiter(new Error("Durable Object reset because its code was updated."));
    const res = await callWith(broken.limiter, p.secret_key);
    expect(res.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    await expectError(res, 503, "unavailable");
  });

  it("answers an overloaded object with 503 after exactly one call, even with RATE_LIMIT_FAIL_OPEN", async () => {
    const p = await provision();
    const broken = brokenLimiter(Object.assign(new Error("overloaded"), { overloaded: true, retryable: true }));
    const res = await callWith(broken.limiter, p.secret_key, { RATE_LIMIT_FAIL_OPEN: "true" });
    await expectError(res, 503, "unavailable");
    expect(broken.calls()).toBe(1);
  });

  it("lets the request through with RATE_LIMIT_FAIL_OPEN=true and logs a warning without key material", async () => {
    const p = await provision();
    const warn = vi.spyOn(console, "warn");
    const broken = brokenLimiter(new Error(`unreachable while handling ${p.secret_key}`));
    const res = await callWith(broken.limiter, p.secret_key, { RATE_LIMIT_FAIL_OPEN: "true" });
    await expectStatus(res, 200);
    const lines = warn.mock.calls.map((args) => args.join(" "));
    expect(lines.some((line) => line.includes("rate_limiter_unavailable_fail_open"))).toBe(true);
    const { hashKey } = await import("../../src/keys/hash");
    const hash = await hashKey(p.secret_key, env.KEY_HASH_SECRET);
    for (const line of lines) {
      expect(line).not.toContain(p.secret_key);
      expect(line).not.toContain(hash);
    }
  });

  it("fails closed when RATE_LIMIT_FAIL_OPEN is anything but exactly true", async () => {
    const p = await provision();
    const broken = brokenLimiter(new Error("unreachable"));
    await expectError(
      await callWith(broken.limiter, p.secret_key, { RATE_LIMIT_FAIL_OPEN: "TRUE" }),
      503,
      "unavailable",
    );
  });
});
