import { describe, expect, it } from "vitest";
import { makeScrubber } from "../../src/lib/scrub";

const escapeAll = (s: string, upper = false) =>
  [...s]
    .map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .map((e) => (upper ? e.toUpperCase().replace("\\U", "\\u") : e))
    .join("");

describe("makeScrubber", () => {
  const key = "canary-provider-key-0123456789abcdef";
  const scrubber = makeScrubber({ secrets: [key, null, "short"], internalUrls: ["http://10.0.0.7:8080/openai/v1"] });

  it("removes a secret plainly, JSON-escaped in either hex case, and partly escaped", () => {
    const partly = `${key.slice(0, 10)}${escapeAll(key.slice(10, 12))}${key.slice(12)}`;
    for (const form of [key, escapeAll(key), escapeAll(key, true), partly]) {
      expect(scrubber(`{"echo":"Bearer ${form}"}`), form).toBe('{"echo":"Bearer [redacted]"}');
    }
  });

  it("removes an internal base URL, its origin and its host, with or without escaped slashes", () => {
    expect(scrubber("sent to http://10.0.0.7:8080/openai/v1/chat/completions")).toBe(
      "sent to [provider]/chat/completions",
    );
    expect(scrubber("see http://10.0.0.7:8080/health")).toBe("see [provider]/health");
    expect(scrubber("host 10.0.0.7:8080 down")).toBe("host [provider] down");
    expect(scrubber("http:\\/\\/10.0.0.7:8080\\/openai\\/v1\\/x")).toBe("[provider]\\/x");
    expect(scrubber(escapeAll("http://10.0.0.7:8080"))).toBe("[provider]");
  });

  it("leaves short strings and unrelated text alone", () => {
    expect(scrubber("a short answer about 10.0.0.8")).toBe("a short answer about 10.0.0.8");
  });
});
