import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalPath } from "../../src/passthrough/canonical-path";

describe("canonicalPath", () => {
  it("decodes each segment exactly once", () => {
    expect(canonicalPath("chat/%63ompletions")).toEqual({ ok: true, path: "chat/completions" });
    expect(canonicalPath("v1beta/models/gemini-2.5-flash%3AgenerateContent")).toEqual({
      ok: true,
      path: "v1beta/models/gemini-2.5-flash:generateContent",
    });
  });

  it("refuses empty, dot, encoded-separator, double-encoded and malformed segments", () => {
    for (const raw of [
      "",
      "a//b",
      "a/",
      "/a",
      "a/./b",
      "a/../b",
      "a/%2e%2e/b",
      "a%2Fb",
      "a%2fb",
      "a%5Cb",
      "%2563",
      "%zz",
      "a%00b",
      "a b",
    ]) {
      expect(canonicalPath(raw).ok, raw).toBe(false);
    }
  });

  it("gives every spelling of a path (any characters percent-encoded) the same canonical form", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_~:-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { maxLength: 64 }),
        (segments, flips) => {
          const plain = segments.join("/");
          let i = 0;
          const spelled = segments
            .map((s) =>
              [...s]
                .map((ch) =>
                  flips[i++ % Math.max(flips.length, 1)] ? `%${ch.charCodeAt(0).toString(16).padStart(2, "0")}` : ch,
                )
                .join(""),
            )
            .join("/");
          expect(canonicalPath(spelled)).toEqual({ ok: true, path: plain });
        },
      ),
    );
  });
});
