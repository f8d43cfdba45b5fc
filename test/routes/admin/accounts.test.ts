import { describe, expect, it } from "vitest";
import { admin, expectError, expectStatus, provision } from "../../helpers/api";

describe("accounts", () => {
  it("creates an account (201) that modules can belong to, and reads it back", async () => {
    const created = await expectStatus<Record<string, unknown>>(
      await admin("/api/v1/accounts", { method: "POST", body: { name: "Acme" } }),
      201,
    );
    expect(created).toMatchObject({ name: "Acme", allow_gateway_keys: false });
    expect(created.account_id).toMatch(/^acc_/);
    expect(typeof created.created_at).toBe("string");
    const got = await expectStatus(await admin(`/api/v1/accounts/${created.account_id}`), 200);
    expect(got).toEqual(created);
    const p = await provision({ account_id: created.account_id });
    expect(p.account_id).toBe(created.account_id);
  });

  it("patches the name and the gateway-key opt-in", async () => {
    const a = await expectStatus<{ account_id: string }>(
      await admin("/api/v1/accounts", { method: "POST", body: { name: "Acme", allow_gateway_keys: true } }),
      201,
    );
    const patched = await expectStatus(
      await admin(`/api/v1/accounts/${a.account_id}`, { method: "PATCH", body: { allow_gateway_keys: false } }),
      200,
    );
    expect(patched).toMatchObject({ name: "Acme", allow_gateway_keys: false });
  });

  it("answers 400 naming the field for bad bodies and 404 for unknown ids", async () => {
    expect(
      await expectError(await admin("/api/v1/accounts", { method: "POST", body: {} }), 400, "invalid_request"),
    ).toContain("name");
    expect(
      await expectError(
        await admin("/api/v1/accounts", { method: "POST", body: { name: "x", allow_gateway_keys: "yes" } }),
        400,
        "invalid_request",
      ),
    ).toContain("allow_gateway_keys");
    await expectError(await admin("/api/v1/accounts/acc_nope"), 404, "not_found");
    await expectError(
      await admin("/api/v1/accounts/acc_nope", { method: "PATCH", body: { name: "x" } }),
      404,
      "not_found",
    );
  });
});
