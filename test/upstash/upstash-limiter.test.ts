import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ModuleAuthority } from "../../src/authority/module-authority";
import { configOf } from "../../src/config";
import { hashKey } from "../../src/keys/hash";
import { admin, ai, expectError, expectStatus, provision } from "../helpers/api";
import { burst, limiterStub, rateHeaders, tally } from "../helpers/rate-limit";

const from = (ip: string) => ({ "cf-connecting-ip": ip });

describe("RATE_LIMIT_BACKEND=upstash against a real Redis", () => {
  it("runs with the upstash backend selected", () => {
    expect(configOf(env).RATE_LIMIT_BACKEND).toBe("upstash");
    expect(configOf(env).UPSTASH_REDIS_REST_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("admits exactly 50 of 200 concurrent requests and answers the other 150 with 429 rate_limited", async () => {
    const p = await provision({ rate_limit_per_hour: 50 });
    const responses = await burst(p.secret_key, 200);
    const rejected = responses.find((r) => r.status === 429);
    if (rejected) {
      const retryAfter = rejected.headers.get("retry-after") ?? "";
      expect(retryAfter).toMatch(/^[1-9]\d*$/);
      rateHeaders(rejected);
    }
    expect(await tally(responses)).toEqual({ 200: 50, 429: 150 });
  });

  it("counts in Redis, not in the Durable Object", async () => {
    const p = await provision({ rate_limit_per_hour: 5 });
    expect(await tally(await burst(p.secret_key, 3))).toEqual({ 200: 3 });
    const rows = await runInDurableObject(
      limiterStub(p.module_id),
      (_o: ModuleAuthority, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM hits").one().n,
    );
    expect(rows).toBe(0);
  });

  it("never lets two keys share a budget", async () => {
    const [a, b] = await Promise.all([provision({ rate_limit_per_hour: 5 }), provision({ rate_limit_per_hour: 5 })]);
    const [ra, rb] = await Promise.all([burst(a.secret_key, 12), burst(b.secret_key, 12)]);
    expect(await tally(ra)).toEqual({ 200: 5, 429: 7 });
    expect(await tally(rb)).toEqual({ 200: 5, 429: 7 });
  });

  it("puts X-RateLimit-* on successes and 429s, with Retry-After in whole seconds", async () => {
    const p = await provision({ rate_limit_per_hour: 1 });
    const ok = await ai("/api/v1/models", p.secret_key);
    await expectStatus(ok.clone(), 200);
    expect(rateHeaders(ok)).toMatchObject({ limit: 1, remaining: 0 });
    const limited = await ai("/api/v1/models", p.secret_key);
    await expectError(limited.clone(), 429, "rate_limited");
    expect(rateHeaders(limited)).toMatchObject({ limit: 1, remaining: 0 });
    expect(limited.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
  });

  it("still enforces revocation through the Durable Object although another location's KV copy is stale", async () => {
    const p = await provision();
    await expectStatus(await ai("/api/v1/models", p.secret_key), 200);
    const name = `key:${await hashKey(p.secret_key, env.KEY_HASH_SECRET)}`;
    const stale = (await env.KEY_CACHE.get(name)) as string;
    await expectStatus(await admin(`/api/v1/modules/${p.module_id}/revoke`, { method: "POST" }), 200);
    await env.KEY_CACHE.put(name, stale);
    await expectError(await ai("/api/v1/models", p.secret_key), 403, "key_revoked");
  });

  it("applies the per-visitor limit and gives a visitor's token back when the key limit rejects", async () => {
    const p = await provision({ rate_limit_per_hour: 50, rate_limit_per_visitor_per_hour: 10 });
    expect(await tally(await burst(p.secret_key, 40, from("198.51.100.1")))).toEqual({ 200: 10, 429: 30 });
    const q = await provision({ rate_limit_per_hour: 2, rate_limit_per_visitor_per_hour: 3 });
    expect(await tally(await burst(q.secret_key, 2, from("198.51.100.2")))).toEqual({ 200: 2 });
    expect(await tally(await burst(q.secret_key, 3, from("198.51.100.3")))).toEqual({ 429: 3 });
    await expectStatus(
      await admin(`/api/v1/modules/${q.module_id}`, { method: "PATCH", body: { rate_limit_per_hour: 100 } }),
      200,
    );
    expect(await tally(await burst(q.secret_key, 4, from("198.51.100.3")))).toEqual({ 200: 3, 429: 1 });
  });

  it("shows usage from Redis in GET /modules/{id}", async () => {
    const p = await provision({ rate_limit_per_hour: 10 });
    expect(await tally(await burst(p.secret_key, 4))).toEqual({ 200: 4 });
    const body = await expectStatus<{ usage: { used: number; remaining: number; limit: number } }>(
      await admin(`/api/v1/modules/${p.module_id}`),
      200,
    );
    expect(body.usage).toMatchObject({ limit: 10, used: 4, remaining: 6 });
  });
});
