import { describe, expect, it } from "vitest";
import type { LimitDecision, Limiter, LimitInput } from "../../src/authority/limiter";
import { bounded } from "../../src/authority/select-limiter";
import { upstashLimiter } from "../../src/authority/upstash-limiter";
import { DeadlineError } from "../../src/lib/deadline";

const spending = {
  key: { moduleId: "m1", accountId: null },
  clientIp: "1.2.3.4",
  requestId: "req-1",
  defaultLimit: 10,
  spend: { model: "openai/gpt-4o-mini", worstCase: { tokens: 100, nanoUsd: 0 } },
} as unknown as LimitInput;

const admitted: LimitDecision = { kind: "rate", allowed: true, limit: 10, remaining: 9, resetAt: 0, retryAfter: 0 };

/** A limiter bounded at 5 ms whose store answers `decision` after `delayMs`; records releases and deferred work. */
function lateLimiter(decision: LimitDecision, delayMs: number) {
  const released: string[] = [];
  const deferred: Array<Promise<unknown>> = [];
  const slow: Limiter = {
    check: () => new Promise((resolve) => setTimeout(() => resolve(decision), delayMs)),
    usage: () => Promise.reject(new Error("unused")),
  };
  const limiter = bounded(slow, 5, "the object", {
    defer: (w) => deferred.push(w),
    release: async (input) => {
      released.push(input.requestId);
    },
  });
  return { limiter, released, deferred };
}

describe("reservations released when the store answers too late or fails", () => {
  it("releases a reservation the object made after the deadline already answered 503", async () => {
    const { limiter, released, deferred } = lateLimiter(admitted, 50);
    await expect(limiter.check(spending)).rejects.toBeInstanceOf(DeadlineError);
    expect(released).toEqual([]);
    await Promise.all(deferred);
    expect(released).toEqual(["req-1"]);
  });

  it("keeps nothing to release when the late answer is a refusal", async () => {
    const { limiter, released, deferred } = lateLimiter({ ...admitted, allowed: false }, 30);
    await expect(limiter.check(spending)).rejects.toBeInstanceOf(DeadlineError);
    await Promise.all(deferred);
    expect(released).toEqual([]);
  });

  it("releases the object's reservation when Redis fails after the judge reserved, then fails", async () => {
    const released: string[] = [];
    const deferred: Array<Promise<unknown>> = [];
    const limiter = upstashLimiter({
      timeoutMs: 200,
      url: "http://127.0.0.1:1",
      token: "t",
      judge: async () => ({ kind: "ok", limit: 10, visitorLimit: null }),
      release: async (input) => {
        released.push(input.requestId);
      },
      defer: (w) => deferred.push(w),
    });
    await expect(limiter.check(spending)).rejects.toBeDefined();
    await Promise.all(deferred);
    expect(released).toEqual(["req-1"]);
  });
});
