import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { ModuleAuthority } from "../../src/authority/module-authority";
import { ai } from "./api";

/** Sends `count` requests of one key at once (pre-built, then awaited together). */
export function burst(key: string, count: number, headers: Record<string, string> = {}): Promise<Response[]> {
  const requests = Array.from({ length: count }, () => () => ai("/api/v1/models", key, { headers }));
  return Promise.all(requests.map((send) => send()));
}

/** Statuses of a set of answers, as a {status: count} tally; bodies are drained. */
export async function tally(responses: Response[]): Promise<Record<number, number>> {
  const out: Record<number, number> = {};
  for (const res of responses) {
    await res.arrayBuffer();
    out[res.status] = (out[res.status] ?? 0) + 1;
  }
  return out;
}

/** A fresh stub of the module's limiter object. */
export function limiterStub(moduleId: string): DurableObjectStub<ModuleAuthority> {
  return env.MODULE_AUTHORITY.get(env.MODULE_AUTHORITY.idFromName(moduleId));
}

/** Asserts the three X-RateLimit-* headers are present and well-formed, and returns them. */
export function rateHeaders(res: Response) {
  const limit = Number(res.headers.get("x-ratelimit-limit"));
  const remaining = Number(res.headers.get("x-ratelimit-remaining"));
  const reset = Number(res.headers.get("x-ratelimit-reset"));
  expect(Number.isInteger(limit) && limit > 0, `X-RateLimit-Limit: ${res.headers.get("x-ratelimit-limit")}`).toBe(true);
  expect(Number.isInteger(remaining) && remaining >= 0, "X-RateLimit-Remaining").toBe(true);
  expect(Number.isInteger(reset) && reset > Date.now() / 1000 - 1, "X-RateLimit-Reset").toBe(true);
  return { limit, remaining, reset };
}
