import { describe, expect, it } from "vitest";
import { admin, expectStatus, provision } from "../../../helpers/api";
import { burst, tally } from "../../../helpers/rate-limit";

type ModuleWithUsage = {
  usage: { limit: number; used: number; remaining: number; reset_at: string; prompt_tokens: number };
};

describe("GET /api/v1/modules/{id} usage", () => {
  it("shows the limit, used, remaining and reset_at of the current window", async () => {
    const p = await provision({ rate_limit_per_hour: 10 });
    const before = await expectStatus<ModuleWithUsage>(await admin(`/api/v1/modules/${p.module_id}`), 200);
    expect(before.usage).toMatchObject({ limit: 10, used: 0, remaining: 10, prompt_tokens: 0 });
    expect(await tally(await burst(p.secret_key, 3))).toEqual({ 200: 3 });
    const after = await expectStatus<ModuleWithUsage>(await admin(`/api/v1/modules/${p.module_id}`), 200);
    expect(after.usage).toMatchObject({ limit: 10, used: 3, remaining: 7 });
    const resetIn = Date.parse(after.usage.reset_at) - Date.now();
    expect(resetIn).toBeGreaterThan(3_590_000);
    expect(resetIn).toBeLessThanOrEqual(3_602_000);
  });

  it("reports the default limit for a module whose own limit is null", async () => {
    const p = await provision();
    const body = await expectStatus<ModuleWithUsage>(await admin(`/api/v1/modules/${p.module_id}`), 200);
    expect(body.usage).toMatchObject({ limit: 1000, used: 0, remaining: 1000 });
  });
});
