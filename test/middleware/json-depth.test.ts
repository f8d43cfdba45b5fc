import { describe, expect, it } from "vitest";
import { jsonDepthExceeds } from "../../src/middleware/json-depth";
import { admin, ai, expectError, expectStatus, provision } from "../helpers/api";
import { native, passthroughKey } from "../helpers/passthrough";

const bytes = (text: string) => new TextEncoder().encode(text);
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("JSON nesting depth", () => {
  it("measures objects and arrays, never brackets inside strings or after escaped quotes", () => {
    expect(jsonDepthExceeds(bytes(nested(64)), 64)).toBe(false);
    expect(jsonDepthExceeds(bytes(nested(65)), 64)).toBe(true);
    expect(jsonDepthExceeds(bytes(`{"a":{"b":[{"c":1}]}}`), 3)).toBe(true);
    expect(jsonDepthExceeds(bytes(`{"a":"${"[".repeat(500)}\\"${"{".repeat(500)}"}`), 1)).toBe(false);
    expect(jsonDepthExceeds(bytes(`{"é[":"ü{","k":[["ß"]]}`), 3)).toBe(false);
  });

  it("answers 400 invalid_request naming MAX_JSON_DEPTH for 3,000 to 400,000 levels on an AI route, not 500", async () => {
    const { secret_key } = await provision({ allowed_models: ["mock/echo"] });
    for (const depth of [3_000, 100_000, 400_000]) {
      const raw = `{"model":"mock/echo","messages":[{"role":"user","content":"hi"}],"metadata":${nested(depth)}}`;
      const res = await ai("/api/v1/chat/completions", secret_key, {
        method: "POST",
        rawBody: raw,
        headers: { "content-type": "application/json" },
      });
      const message = await expectError(res, 400, "invalid_request");
      expect(message).toContain("MAX_JSON_DEPTH");
      expect(message).toContain("64");
    }
  });

  it("answers 400 on admin routes and the passthrough as well", async () => {
    const deep = `{"name":"x","allowed_origins":[${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}]}`;
    await expectError(
      await admin("/api/v1/modules/provision", {
        method: "POST",
        rawBody: deep,
        headers: { "content-type": "application/json" },
      }),
      400,
      "invalid_request",
    );
    // Refused before any policy: the depth check runs before the route reads the body.
    const { secret_key } = await provision();
    const res = await ai("/api/v1/providers/openai/chat/completions", secret_key, {
      method: "POST",
      rawBody: `{"model":"gpt-4o-mini","messages":${nested(10_000)}}`,
      headers: { "content-type": "application/json" },
    });
    expect(await expectError(res, 400, "invalid_request")).toContain("MAX_JSON_DEPTH");
  });

  it("answers 400 for a deep body sent as text/plain to the passthrough, which parses any type as JSON", async () => {
    const { secret_key } = await passthroughKey();
    const res = await native(secret_key, "openai/chat/completions", {
      raw: `{"model":"gpt-4o-mini","messages":${nested(20_000)}}`,
      contentType: "text/plain",
    });
    const message = await expectError(res, 400, "invalid_request");
    expect(message).toContain("MAX_JSON_DEPTH");
  });

  it("still accepts an ordinary body after reading it for the check", async () => {
    const { secret_key } = await provision({ allowed_models: ["mock/echo"] });
    const res = await ai("/api/v1/chat/completions", secret_key, {
      method: "POST",
      body: { model: "mock/echo", messages: [{ role: "user", content: "[[[{{{ brackets in a string" }] },
    });
    const body = await expectStatus<{ choices: Array<{ message: { content: string } }> }>(res, 200);
    expect(body.choices[0]?.message.content).toBe("[[[{{{ brackets in a string");
  });
});
