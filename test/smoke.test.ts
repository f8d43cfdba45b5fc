import { describe, expect, it } from "vitest";
import { admin, ai, call, expectStatus, provision } from "./helpers/api";

describe("smoke", () => {
  it("answers health", async () => {
    const body = await expectStatus(await call("/health"), 200);
    expect(body).toEqual({ status: "ok" });
  });
  it("provisions and lists models", async () => {
    const p = await provision();
    const res = await ai("/api/v1/models", p.secret_key);
    const body = await expectStatus<{ data: unknown[] }>(res, 200);
    expect(body.data.length).toBeGreaterThan(0);
    const list = await expectStatus(await admin("/api/v1/modules"), 200);
    expect(list).toHaveProperty("modules");
  });
});
