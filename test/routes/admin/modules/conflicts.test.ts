import { describe, expect, it } from "vitest";
import { admin, ai, expectError, expectStatus, provision } from "../../../helpers/api";

/** Status and body of each response, read once. */
async function read(responses: Response[]) {
  return Promise.all(
    responses.map(async (res) => ({
      status: res.status,
      retryAfter: res.headers.get("retry-after"),
      body: (await res.json()) as { secret_key?: string; error?: { code: string; message: string } },
    })),
  );
}

describe("admin writes that lose a race answer 409 conflict", () => {
  it("answers ten concurrent rotations with 200 or 409 conflict (Retry-After: 1), never 400, and the last new key works", async () => {
    const { module_id } = await provision();
    const answers = await read(
      await Promise.all(
        Array.from({ length: 10 }, () => admin(`/api/v1/modules/${module_id}/rotate`, { method: "POST", body: {} })),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.every((s) => s === 200 || s === 409),
      JSON.stringify(answers),
    ).toBe(true);
    const conflicts = answers.filter((a) => a.status === 409);
    expect(conflicts.length).toBeGreaterThan(0);
    for (const c of conflicts) {
      expect(c.body.error?.code).toBe("conflict");
      expect(c.retryAfter).toBe("1");
    }
    // A retry after a conflict rotates as asked.
    const retried = await expectStatus<{ secret_key: string }>(
      await admin(`/api/v1/modules/${module_id}/rotate`, { method: "POST", body: {} }),
      200,
    );
    await expectStatus(await ai("/api/v1/models", retried.secret_key), 200);
  });

  it("never lets a disable that read 'active' undo a revocation that landed first", async () => {
    for (let round = 0; round < 10; round++) {
      const { module_id, secret_key } = await provision();
      const [revoked, disabled] = await read(
        await Promise.all([
          admin(`/api/v1/modules/${module_id}/revoke`, { method: "POST" }),
          admin(`/api/v1/modules/${module_id}/disable`, { method: "POST" }),
        ]),
      );
      expect(revoked?.status).toBe(200);
      expect([200, 400, 409]).toContain(disabled?.status);
      if (disabled?.status === 409) expect(disabled.retryAfter).toBe("1");
      const now = await expectStatus<{ status: string }>(await admin(`/api/v1/modules/${module_id}`), 200);
      expect(now.status, `round ${round}: ${JSON.stringify(disabled)}`).toBe("revoked");
      await expectError(await ai("/api/v1/models", secret_key), 403, "key_revoked");
    }
  });
});
