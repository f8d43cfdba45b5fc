import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import { accounts } from "../../src/db/schema";

describe("the drizzle client", () => {
  it("is built once per D1 binding and answers queries", async () => {
    const first = database(env.DB);
    expect(database(env.DB)).toBe(first);
    expect(Array.isArray(await first.select().from(accounts).limit(1).all())).toBe(true);
  });

  it("is a different client for a different binding object", () => {
    const other = { ...env.DB } as D1Database;
    expect(database(other)).not.toBe(database(env.DB));
  });
});
