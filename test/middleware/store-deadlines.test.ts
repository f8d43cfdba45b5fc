import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { generateKey } from "../../src/keys/format";
import { BASE, expectError } from "../helpers/api";

/** A D1 binding that accepts every query and never answers. */
function hungD1(): unknown {
  const never = new Promise<never>(() => {});
  const statement = { bind: () => statement, all: () => never, raw: () => never, first: () => never, run: () => never };
  const db = {
    prepare: () => statement,
    batch: () => never,
    exec: () => never,
    dump: () => never,
    withSession: () => db,
  };
  return db;
}

describe("store calls on the request path are bounded by STORE_TIMEOUT_MS", () => {
  it("answers 503 unavailable when D1 never answers a key lookup, within the deadline", async () => {
    const ctx = createExecutionContext();
    const started = Date.now();
    const res = await createApp().fetch(
      new Request(`${BASE}/api/v1/models`, { headers: { "x-api-key": generateKey() } }),
      { ...env, DB: hungD1(), STORE_TIMEOUT_MS: "300" },
      ctx,
    );
    await expectError(res, 503, "unavailable");
    expect(Date.now() - started).toBeLessThan(1300);
    await waitOnExecutionContext(ctx);
  });
});
