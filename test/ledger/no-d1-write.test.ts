import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { BASE, provision } from "../helpers/api";
import { chatBody, newTag } from "../helpers/upstream";

/** A D1 binding that records the SQL of every statement prepared through it (sessions included). */
function countingD1(db: D1Database, seen: string[]): D1Database {
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver);
        if (prop === "prepare") {
          return (sql: string) => {
            seen.push(sql);
            return (value as (sql: string) => D1PreparedStatement).call(t, sql);
          };
        }
        if (prop === "exec") {
          return (sql: string) => {
            seen.push(sql);
            return (value as (sql: string) => Promise<D1ExecResult>).call(t, sql);
          };
        }
        if (prop === "withSession") {
          return (...args: unknown[]) => wrap((value as (...a: unknown[]) => object).apply(t, args));
        }
        return typeof value === "function" ? value.bind(t) : value;
      },
    });
  return wrap(db);
}

const isWrite = (sql: string) => /^\s*(insert|update|delete|replace|create|drop|alter)\b/i.test(sql);

describe("no D1 write on the request path", () => {
  it("answers chat requests, streamed or not, with no D1 statement at all once the key is cached", async () => {
    const app = createApp();
    const seen: string[] = [];
    const wrapped = { ...env, DB: countingD1(env.DB, seen) };
    const p = await provision({ budget: { period: "day", tokens: 1_000_000 } });
    const send = async (body: Record<string, unknown>) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(
        new Request(`${BASE}/api/v1/chat/completions`, {
          method: "POST",
          headers: { "x-api-key": p.secret_key, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        wrapped,
        ctx,
      );
      expect(res.status, await res.clone().text()).toBe(200);
      await res.text();
      await waitOnExecutionContext(ctx); // settlement and every other after-the-answer task included
    };
    // The first request fills the key cache (a D1 read) and records last_used_at (at most once per 15 min).
    await send(chatBody("openai/gpt-4o-mini", newTag()));
    // That one write also proves the counter sees the gateway's statements.
    expect(seen.filter(isWrite)).toHaveLength(1);
    expect(seen.filter(isWrite)[0]).toMatch(/last_used_at/);
    seen.length = 0;
    for (let i = 0; i < 5; i++) {
      await send(chatBody("openai/gpt-4o-mini", newTag()));
      await send(chatBody("anthropic/claude-sonnet-4-5", newTag(), { stream: true }));
    }
    expect(seen, "D1 statements on the request path").toEqual([]);
  });
});
