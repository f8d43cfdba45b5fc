import { describe, expect, it } from "vitest";
import { admin, expectStatus, provision } from "../helpers/api";
import { burst, tally } from "../helpers/rate-limit";

const from = (ip: string) => ({ "cf-connecting-ip": ip });

describe("per-visitor limit inside the key's Durable Object", () => {
  it("admits exactly 10 of 200 from one IP, then 40 more from four other IPs, 50 in all (RL-3)", async () => {
    const p = await provision({ rate_limit_per_hour: 50, rate_limit_per_visitor_per_hour: 10 });
    expect(await tally(await burst(p.secret_key, 200, from("198.51.100.1")))).toEqual({ 200: 10, 429: 190 });
    const others = ["198.51.100.2", "198.51.100.3", "2001:db8::4", "198.51.100.5"];
    const results = await Promise.all(others.map((ip) => burst(p.secret_key, 20, from(ip))));
    const tallies = await Promise.all(results.map(tally));
    expect(tallies).toEqual(others.map(() => ({ 200: 10, 429: 10 })));
    expect(await tally(await burst(p.secret_key, 5, from("198.51.100.6")))).toEqual({ 429: 5 });
  });

  it("does not let requests the visitor limit rejected use up the key's budget (RL-2b)", async () => {
    const p = await provision({ rate_limit_per_hour: 5, rate_limit_per_visitor_per_hour: 2 });
    expect(await tally(await burst(p.secret_key, 30, from("203.0.113.1")))).toEqual({ 200: 2, 429: 28 });
    expect(await tally(await burst(p.secret_key, 2, from("203.0.113.2")))).toEqual({ 200: 2 });
    expect(await tally(await burst(p.secret_key, 2, from("203.0.113.3")))).toEqual({ 200: 1, 429: 1 });
  });

  it("does not let requests the key limit rejected use up the visitor's budget (RL-2b)", async () => {
    const p = await provision({ rate_limit_per_hour: 3, rate_limit_per_visitor_per_hour: 3 });
    expect(await tally(await burst(p.secret_key, 2, from("203.0.113.10")))).toEqual({ 200: 2 });
    expect(await tally(await burst(p.secret_key, 1, from("203.0.113.11")))).toEqual({ 200: 1 });
    // The key is spent: these are rejected by the key limit and must not count for the visitor.
    expect(await tally(await burst(p.secret_key, 5, from("203.0.113.11")))).toEqual({ 429: 5 });
    await expectStatus(
      await admin(`/api/v1/modules/${p.module_id}`, { method: "PATCH", body: { rate_limit_per_hour: 100 } }),
      200,
    );
    expect(await tally(await burst(p.secret_key, 4, from("203.0.113.11")))).toEqual({ 200: 2, 429: 2 });
  });

  it("counts visitors by CF-Connecting-IP and ignores X-Forwarded-For", async () => {
    const p = await provision({ rate_limit_per_hour: 50, rate_limit_per_visitor_per_hour: 3 });
    const spoofed = Array.from({ length: 6 }, (_, i) =>
      burst(p.secret_key, 1, { ...from("192.0.2.7"), "x-forwarded-for": `10.0.0.${i}` }),
    );
    expect(await tally((await Promise.all(spoofed)).flat())).toEqual({ 200: 3, 429: 3 });
  });
});
