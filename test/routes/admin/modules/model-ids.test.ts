import { describe, expect, it } from "vitest";
import { admin, expectError, provision } from "../../../helpers/api";

describe("allowed_models validation", () => {
  it("refuses a model of an unknown provider on provision, import and patch, naming the known providers", async () => {
    const bad = { allowed_models: ["mock/echo", "nosuch/model"] };
    const provisioned = await admin("/api/v1/modules/provision", { method: "POST", body: { name: "x", ...bad } });
    const message = await expectError(provisioned, 400, "invalid_request");
    expect(message).toContain("allowed_models.1");
    expect(message).toContain("openai, anthropic");
    const imported = await admin("/api/v1/modules/import", {
      method: "POST",
      body: { name: "x", secret_key: "f".repeat(64), ...bad },
    });
    expect(await expectError(imported, 400, "invalid_request")).toContain("allowed_models.1");
    const p = await provision();
    const patched = await admin(`/api/v1/modules/${p.module_id}`, { method: "PATCH", body: bad });
    expect(await expectError(patched, 400, "invalid_request")).toContain("allowed_models.1");
  });
});
