import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { generateKey } from "../../src/keys/format";
import { hashKey } from "../../src/keys/hash";
import { call, expectError, expectStatus, provision } from "../helpers/api";

/** A fresh client IP per test: the shield counts per IP for the whole run. */
const freshIp = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${crypto.randomUUID().slice(0, 8)}`;

/** Sends `count` requests made by `make`, `batch` at a time, and returns their statuses in order. */
async function statuses(count: number, make: (i: number) => Promise<Response>, batch = 50): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i += batch) {
    const responses = await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => make(i + j)));
    for (const res of responses) {
      out.push(res.status);
      await res.body?.cancel();
    }
  }
  return out;
}

describe("the failed-authentication shield (AUTH_FAILURES rate limiting binding)", () => {
  it("answers 1,000 wrong admin keys from one IP with 429 too_many_failures after the burst; the right key still works", async () => {
    const ip = freshIp();
    const wrong = await statuses(1000, (i) =>
      call("/api/v1/modules", { headers: { "x-api-key": `admin_wrong_${i}`, "cf-connecting-ip": ip } }),
    );
    const unauthorized = wrong.filter((s) => s === 401).length;
    // 20 per 60 s window; a window boundary during the run allows one more burst.
    expect(unauthorized).toBeGreaterThan(0);
    expect(unauthorized).toBeLessThanOrEqual(40);
    expect(wrong.filter((s) => s === 429).length).toBe(1000 - unauthorized);

    const refused = await call("/api/v1/modules", { headers: { "x-api-key": "admin_wrong", "cf-connecting-ip": ip } });
    expect(refused.headers.get("retry-after")).toBe("60");
    await expectError(refused, 429, "too_many_failures");

    for (const from of [freshIp(), ip]) {
      const ok = await call("/api/v1/modules", {
        headers: { "x-api-key": env.ADMIN_API_KEY, "cf-connecting-ip": from },
      });
      await expectStatus(ok, 200);
    }
  });

  it("answers minted well-formed module keys with 429 after the burst, writes none of them to KV, and keeps serving a real key", async () => {
    const { secret_key } = await provision();
    const ip = freshIp();
    const minted = Array.from({ length: 300 }, () => generateKey());
    const answers = await statuses(300, (i) =>
      call("/api/v1/models", { headers: { "x-api-key": minted[i] ?? "", "cf-connecting-ip": ip } }),
    );
    const unauthorized = answers.filter((s) => s === 401).length;
    expect(unauthorized).toBeLessThanOrEqual(40);
    expect(answers.filter((s) => s === 429).length).toBe(300 - unauthorized);

    await new Promise((r) => setTimeout(r, 100)); // any deferred KV write would have landed
    const written = await Promise.all(
      minted.map(async (key) => env.KEY_CACHE.get(`key:${await hashKey(key, env.KEY_HASH_SECRET)}`)),
    );
    expect(written.filter((entry) => entry !== null)).toEqual([]);

    await expectStatus(
      await call("/api/v1/models", { headers: { "x-api-key": secret_key, "cf-connecting-ip": ip } }),
      200,
    );
  });

  it("never counts a successful request: 100 valid requests from one IP leave its failure budget whole", async () => {
    const { secret_key } = await provision({ rate_limit_per_hour: 1000 });
    const ip = freshIp();
    const ok = await statuses(100, () =>
      call("/api/v1/models", { headers: { "x-api-key": secret_key, "cf-connecting-ip": ip } }),
    );
    expect(ok.every((s) => s === 200)).toBe(true);
    const failures = await statuses(20, (i) =>
      call("/api/v1/models", { headers: { "x-api-key": `egw_pub_wrong${i}`, "cf-connecting-ip": ip } }),
    );
    expect(failures.every((s) => s === 401)).toBe(true);
  });
});
