import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ModuleAuthority } from "../../src/authority/module-authority";
import { SlidingWindow } from "../../src/authority/sliding-window";
import { provision } from "../helpers/api";
import { limiterStub } from "../helpers/rate-limit";

const HOUR_MS = 3_600_000;
const T0 = 1_800_000_000_000;

/** Runs `body` with the SQLite storage of a fresh module's object (its schema created). */
async function withStorage<T>(body: (sql: SqlStorage) => T): Promise<T> {
  const p = await provision();
  const stub = limiterStub(p.module_id);
  return runInDurableObject(stub, (_o: ModuleAuthority, state) => body(state.storage.sql));
}

const rows = (sql: SqlStorage, scope: string) =>
  sql.exec<{ sec: number; n: number }>("SELECT sec, n FROM hits WHERE scope = ? ORDER BY sec", scope).toArray();

describe("the sliding window in memory, written through to SQLite", () => {
  it("writes every count through, so a new instance over the same storage reads the same window", async () => {
    await withStorage((sql) => {
      const window = new SlidingWindow(sql);
      for (let i = 0; i < 5; i++) window.add("key", T0 + i * 400);
      expect(window.read("key", T0 + 2000)).toEqual({ used: 5, oldestSec: T0 / 1000 });
      expect(rows(sql, "key").reduce((n, r) => n + r.n, 0)).toBe(5);
      const restarted = new SlidingWindow(sql);
      expect(restarted.read("key", T0 + 2000)).toEqual({ used: 5, oldestSec: T0 / 1000 });
    });
  });

  it("drops buckets that left the window from memory and SQLite, and stops counting them", async () => {
    await withStorage((sql) => {
      const window = new SlidingWindow(sql);
      window.add("key", T0);
      window.add("key", T0 + 1000);
      window.add("key", T0 + 2000);
      // One second past the hour (and its extra bucket) of the first: only it has gone.
      expect(window.read("key", T0 + HOUR_MS + 1000)).toEqual({ used: 2, oldestSec: T0 / 1000 + 1 });
      expect(rows(sql, "key").map((r) => r.sec)).toEqual([T0 / 1000 + 1, T0 / 1000 + 2]);
      expect(window.read("key", T0 + 3 * HOUR_MS)).toEqual({ used: 0, oldestSec: null });
      expect(rows(sql, "key")).toEqual([]);
    });
  });

  it("keeps the running count exact over many buckets leaving one by one", async () => {
    await withStorage((sql) => {
      const window = new SlidingWindow(sql);
      const seconds = 1000;
      for (let s = 0; s < seconds; s++) window.add("key", T0 + s * 1000);
      for (let gone = 0; gone <= seconds; gone += 97) {
        const now = T0 + HOUR_MS + gone * 1000;
        expect(window.read("key", now).used).toBe(seconds - gone);
        expect(new SlidingWindow(sql).read("key", now).used).toBe(seconds - gone);
      }
    });
  });

  it("holds at most its bound of scopes in memory and reloads an evicted one exactly", async () => {
    await withStorage((sql) => {
      const window = new SlidingWindow(sql, 3);
      for (const scope of ["key", "ip:a", "ip:b", "ip:c", "ip:d"]) {
        window.add(scope, T0);
        window.add(scope, T0 + 1500);
      }
      expect(window.scopesInMemory).toBe(3);
      // "key" was the least recently used and left memory; its count comes back from SQLite.
      expect(window.read("key", T0 + 2000)).toEqual({ used: 2, oldestSec: T0 / 1000 });
      expect(window.scopesInMemory).toBe(3);
    });
  });

  it("says when a full window admits again: when enough of its oldest buckets have left", async () => {
    await withStorage((sql) => {
      const window = new SlidingWindow(sql);
      window.add("key", T0);
      window.add("key", T0);
      window.add("key", T0 + 5000);
      const now = T0 + 6000;
      const state = window.read("key", now);
      // Limit 3: one must leave, the two of T0 leave together at T0 + 3601 s.
      expect(window.admitsAgainAt("key", state, 3, now)).toBe(T0 + 3_601_000);
      // Limit 1: all three must leave, the last at T0 + 5 s + 3601 s.
      expect(window.admitsAgainAt("key", state, 1, now)).toBe(T0 + 3_606_000);
    });
  });
});
