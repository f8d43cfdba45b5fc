import { describe, expect, it } from "vitest";
import { admin, expectError, expectStatus, provision } from "../../../helpers/api";
import { chat, chatBody, newTag, sentBody, upstreamRequests } from "../../../helpers/upstream";

describe("allowed_builtin_tools: billed provider-run tools need the key's permission", () => {
  it("is [] on a new module, validated against the known tools, and settable on provision and PATCH", async () => {
    const p = await provision();
    expect(p.allowed_builtin_tools).toEqual([]);
    const q = await provision({ allowed_builtin_tools: ["file_search"] });
    expect(q.allowed_builtin_tools).toEqual(["file_search"]);
    const bad = await admin("/api/v1/modules/provision", {
      method: "POST",
      body: { name: "x", allowed_builtin_tools: ["teleport"] },
    });
    expect((await expectStatus<{ error: { message: string } }>(bad, 400)).error.message).toMatch(
      /^allowed_builtin_tools\.0: /,
    );
    const got = await expectStatus(await admin(`/api/v1/modules/${q.module_id}`), 200);
    expect(got.allowed_builtin_tools).toEqual(["file_search"]);
  });

  it("refuses chat's web_search_options and OpenRouter's web plugin and :online models unless web_search is allowed", async () => {
    const p = await provision();
    for (const [model, extra] of [
      ["openai/gpt-4o-mini", { web_search_options: {} }],
      ["openrouter/openrouter/auto", { plugins: [{ id: "web" }] }],
      ["openrouter/openai/gpt-4o:online", {}],
    ] as const) {
      const tag = newTag();
      const message = await expectError(
        await chat(p.secret_key, chatBody(model, tag, extra)),
        403,
        "endpoint_not_allowed",
      );
      expect(message).toContain("web_search is a built-in tool billed by the provider");
      expect(await upstreamRequests(tag)).toEqual([]);
    }
    await expectStatus(
      await admin(`/api/v1/modules/${p.module_id}`, {
        method: "PATCH",
        body: { allowed_builtin_tools: ["web_search"] },
      }),
      200,
    );
    const tag = newTag();
    await expectStatus(await chat(p.secret_key, chatBody("openai/gpt-4o-mini", tag, { web_search_options: {} })), 200);
    expect((await sentBody(tag)).web_search_options).toEqual({});
  });
});
