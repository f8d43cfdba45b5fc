import { describe, expect, it } from "vitest";
import { call, expectStatus } from "../../helpers/api";

type Operation = { description: string; security: unknown[]; "x-passthrough-allowlist": Record<string, string[]> };
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

describe("the passthrough in /openapi.json", () => {
  it("documents GET and POST /providers/{provider}/{path} with each provider's allowlist, from the same data", async () => {
    const doc = await expectStatus<Doc>(await call("/openapi.json"), 200);
    const path = doc.paths["/api/v1/providers/{provider}/{path}"];
    expect(Object.keys(path ?? {}).sort()).toEqual(["get", "post"]);
    const post = path?.post;
    expect(post?.security).toEqual([{ ModuleKey: [] }]);
    const allowlist = post?.["x-passthrough-allowlist"] ?? {};
    expect(allowlist.openai).toEqual(["POST chat/completions", "POST responses", "POST embeddings", "GET models"]);
    expect(allowlist.anthropic).toEqual(["POST v1/messages", "POST v1/messages/count_tokens", "GET v1/models"]);
    expect(allowlist.gemini).toContain("POST v1beta/models/{model}:streamGenerateContent");
    expect(allowlist.gemini).toContain("GET v1/models");
    expect(Object.keys(allowlist)).not.toContain("mock");
    expect(post?.description).toContain("`POST v1/messages/count_tokens`");
    expect(post?.description).toContain("endpoint_not_allowed");
  });

  it("documents allow_passthrough on provision, PATCH and the Module", async () => {
    const doc = await expectStatus<Doc>(await call("/openapi.json"), 200);
    for (const schema of ["ProvisionRequest", "PatchModuleRequest", "Module"]) {
      expect(JSON.stringify(doc.components.schemas[schema]), schema).toContain("allow_passthrough");
    }
  });
});
