import { describe, expect, it } from "vitest";
import { expectError, expectStatus, provision } from "../../../helpers/api";
import { chat, newTag, sentBody } from "../../../helpers/upstream";

const SCHEMA = {
  type: "object",
  properties: {
    name: { type: "string" },
    date: { type: "string" },
    participants: { type: "array", items: { type: "string" } },
  },
  required: ["name", "date", "participants"],
  additionalProperties: false,
};
const JSON_SCHEMA_FORMAT = {
  type: "json_schema",
  json_schema: { name: "calendar_event", schema: SCHEMA, strict: true },
};

type Completion = { choices: Array<{ message: { content: string } }> };

const ask = (model: string, tag: string, fixture: string, response_format: unknown) => ({
  model,
  messages: [
    { role: "user", content: `Alice and Bob are going to a science fair on Friday. tag:${tag} fixture:${fixture}` },
  ],
  response_format,
});

describe("response_format on /chat/completions", () => {
  for (const model of ["openai/gpt-4o-mini", "groq/llama-3.3-70b-versatile", "openrouter/openrouter/auto"]) {
    it(`forwards json_schema (strict) to OpenAI-wire providers unchanged and returns the JSON text (${model})`, async () => {
      const { secret_key } = await provision();
      const tag = newTag();
      const body = await expectStatus<Completion>(
        await chat(secret_key, ask(model, tag, "json-schema", JSON_SCHEMA_FORMAT)),
        200,
      );
      expect((await sentBody(tag)).response_format).toEqual(JSON_SCHEMA_FORMAT);
      expect(JSON.parse(body.choices[0]?.message.content ?? "")).toEqual({
        name: "Science Fair",
        date: "Friday",
        participants: ["Alice", "Bob"],
      });
    });
  }

  it("sends Gemini responseMimeType and responseJsonSchema for json_schema, and only the MIME type for json_object", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const body = await expectStatus<Completion>(
      await chat(secret_key, ask("gemini/gemini-2.5-flash", tag, "json", JSON_SCHEMA_FORMAT)),
      200,
    );
    expect((await sentBody(tag)).generationConfig).toEqual({
      maxOutputTokens: 1024,
      responseMimeType: "application/json",
      responseJsonSchema: SCHEMA,
    });
    expect(JSON.parse(body.choices[0]?.message.content ?? "")).toEqual([
      { recipeName: "Chocolate Chip Cookies", ingredients: ["flour", "butter", "chocolate chips"] },
    ]);
    const plain = newTag();
    await expectStatus(
      await chat(secret_key, ask("gemini/gemini-2.5-flash", plain, "json", { type: "json_object" })),
      200,
    );
    expect((await sentBody(plain)).generationConfig).toEqual({
      maxOutputTokens: 1024,
      responseMimeType: "application/json",
    });
  });

  it("sends Anthropic its native structured output (output_config.format) and returns the JSON text", async () => {
    const { secret_key } = await provision();
    const tag = newTag();
    const body = await expectStatus<Completion>(
      await chat(secret_key, ask("anthropic/claude-sonnet-4-5", tag, "json-output", JSON_SCHEMA_FORMAT)),
      200,
    );
    expect((await sentBody(tag)).output_config).toEqual({ format: { type: "json_schema", schema: SCHEMA } });
    expect(JSON.parse(body.choices[0]?.message.content ?? "")).toMatchObject({
      name: "John Smith",
      demo_requested: true,
    });
  });

  it("refuses json_object for Anthropic, which needs a schema, naming the field and the fix", async () => {
    const { secret_key } = await provision();
    const message = await expectError(
      await chat(secret_key, ask("anthropic/claude-sonnet-4-5", newTag(), "json-output", { type: "json_object" })),
      400,
      "invalid_request",
    );
    expect(message).toMatch(/^response_format: anthropic produces JSON only against a schema/);
  });

  it("refuses a json_schema whose schema is malformed, naming the path inside it", async () => {
    const { secret_key } = await provision();
    const bad = {
      type: "json_schema",
      json_schema: { name: "x", schema: { type: "object", properties: { a: { type: "text" } } } },
    };
    const message = await expectError(
      await chat(secret_key, ask("openai/gpt-4o-mini", newTag(), "json-schema", bad)),
      400,
      "invalid_request",
    );
    expect(message).toMatch(/^response_format\.json_schema\.schema\.properties\.a\.type: must be one of string/);
  });
});
