import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ModuleAuthority } from "../../src/authority/module-authority";
import { Visitors } from "../../src/authority/visitors";
import { provision } from "../helpers/api";
import { limiterStub } from "../helpers/rate-limit";

async function withStorage<T>(body: (sql: SqlStorage) => T): Promise<T> {
  const p = await provision();
  return runInDurableObject(limiterStub(p.module_id), (_o: ModuleAuthority, state) => body(state.storage.sql));
}

const stored = (sql: SqlStorage) =>
  sql
    .exec<{ ip: string }>("SELECT ip FROM visitors ORDER BY ip")
    .toArray()
    .map((r) => r.ip);

describe("the tracked visitors, in memory and in SQLite", () => {
  it("forgets the least recently seen visitor beyond the bound, with its window", async () => {
    await withStorage((sql) => {
      const forgotten: string[] = [];
      const visitors = new Visitors(sql, (ip) => forgotten.push(ip), 3);
      visitors.touch("a", 1);
      visitors.touch("b", 2);
      visitors.touch("c", 3);
      visitors.touch("a", 4); // a is seen again: b is now the least recently seen
      visitors.touch("d", 5);
      expect(forgotten).toEqual(["b"]);
      expect(stored(sql)).toEqual(["a", "c", "d"]);
    });
  });

  it("resumes the same order after a restart, read once from SQLite", async () => {
    await withStorage((sql) => {
      const first = new Visitors(sql, () => {}, 3);
      first.touch("a", 1);
      first.touch("b", 2);
      first.touch("c", 3);
      first.touch("a", 4);
      const forgotten: string[] = [];
      const restarted = new Visitors(sql, (ip) => forgotten.push(ip), 3);
      restarted.touch("d", 5);
      expect(forgotten).toEqual(["b"]);
      expect(stored(sql)).toEqual(["a", "c", "d"]);
    });
  });
});
