import { describe, expect, it } from "vitest";
import { parseStrictJson } from "../../src/lib/strict-json";

describe("parseStrictJson", () => {
  it("parses JSON and keeps equal keys in different objects", () => {
    expect(parseStrictJson('{"a":{"n":1},"b":{"n":2},"c":[{"n":3},{"n":4}]}')).toEqual({
      ok: true,
      value: { a: { n: 1 }, b: { n: 2 }, c: [{ n: 3 }, { n: 4 }] },
    });
  });

  it("refuses a key named twice in one object, escaped spellings included, and names its path", () => {
    const cases: Array<[string, string]> = [
      ['{"max_tokens":100000,"max_tokens":5}', "max_tokens"],
      ['{"\\u006dodel":"a","model":"b"}', "model"],
      ['{"generationConfig":{"maxOutputTokens":1,"maxOutputTokens":9}}', "generationConfig.maxOutputTokens"],
      ['{"requests":[{"model":"a"},{"model":"b","model":"c"}]}', "requests[1].model"],
    ];
    for (const [text, path] of cases) {
      const parsed = parseStrictJson(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.message).toContain(`${path}: appears twice`);
    }
  });

  it("refuses what JSON.parse refuses, comments and trailing commas included", () => {
    for (const text of ["", "{", "{'a':1}", '{"a":1,}', '{"a":1 /* c */}', "NaN"]) {
      expect(parseStrictJson(text).ok, text).toBe(false);
    }
  });
});
