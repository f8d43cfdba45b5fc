import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ai, expectError, expectStatus, provision } from "../helpers/api";
import { burst, limiterStub, rateHeaders, tally } from "../helpers/rate-limit";

describe("per-key rate limit in the module's Durable Object", () => {
  it("admits exactly 50 of 200 concurrent requests and answers the other 150 with 429 rate_limited, 20 runs in a row", async () => {
    for (let run = 0; run < 20; run++) {
      const p = await provision({ rate_limit_per_hour: 50 });
      const responses = await burst(p.secret_key, 200);
      const rejected = responses.filter((r) => r.status === 429);
      for (const res of rejected.slice(0, 3)) await expectError(res.clone(), 429, "rate_limited");
      expect(await tally(responses), `run ${run}`).toEqual({ 200: 50, 429: 150 });
    }
  });

  it("sets Retry-After to the whole seconds until a request would succeed", async () => {
    const p = await provision({ rate_limit_per_hour: 3 });
    await tally(await burst(p.secret_key, 3));
    const res = await ai("/api/v1/models", p.secret_key);
    await expectError(res.clone(), 429, "rate_limited");
    const retryAfter = res.headers.get("retry-after") ?? "";
    expect(retryAfter).toMatch(/^\d+$/);
    // The first request leaves the window one hour (plus at most the one-second bucket) after it was made.
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(3595);
    expect(Number(retryAfter)).toBeLessThanOrEqual(3601);
    const { reset } = rateHeaders(res);
    expect(Math.abs(reset - (Date.now() / 1000 + Number(retryAfter)))).toBeLessThanOrEqual(2);
  });

  it("never lets two keys share a budget", async () => {
    const [a, b] = await Promise.all([provision({ rate_limit_per_hour: 5 }), provision({ rate_limit_per_hour: 5 })]);
    const [ra, rb] = await Promise.all([burst(a.secret_key, 12), burst(b.secret_key, 12)]);
    expect(await tally(ra)).toEqual({ 200: 5, 429: 7 });
    expect(await tally(rb)).toEqual({ 200: 5, 429: 7 });
  });

  it("puts X-RateLimit-Limit, -Remaining and -Reset on successes and on 429s", async () => {
    const p = await provision({ rate_limit_per_hour: 2 });
    const first = await ai("/api/v1/models", p.secret_key);
    await expectStatus(first.clone(), 200);
    expect(rateHeaders(first)).toMatchObject({ limit: 2, remaining: 1 });
    const second = await ai("/api/v1/models", p.secret_key);
    expect(rateHeaders(second)).toMatchObject({ limit: 2, remaining: 0 });
    const third = await ai("/api/v1/models", p.secret_key);
    await expectError(third.clone(), 429, "rate_limited");
    expect(rateHeaders(third)).toMatchObject({ limit: 2, remaining: 0 });
  });

  it("uses DEFAULT_RATE_LIMIT_PER_HOUR for a key whose own limit is null", async () => {
    const p = await provision();
    const res = await ai("/api/v1/models", p.secret_key);
    expect(rateHeaders(res).limit).toBe(1000);
  });

  it("keeps its count across an eviction: a fresh stub reads it back and the total stays exact", async () => {
    const p = await provision({ rate_limit_per_hour: 20 });
    expect(await tally(await burst(p.secret_key, 12))).toEqual({ 200: 12 });
    await evictDurableObject(limiterStub(p.module_id));
    expect(await limiterStub(p.module_id).usage(20)).toMatchObject({ used: 12, remaining: 8 });
    expect(await tally(await burst(p.secret_key, 20))).toEqual({ 200: 8, 429: 12 });
  });
});
