import { describe, expect, it } from "vitest";
import { isValidOriginPattern, originAllowed, originMatches } from "../../src/policy/origin-pattern";

describe("origin patterns", () => {
  it("accepts exact origins with optional ports and one-level wildcards", () => {
    for (const ok of [
      "https://app.example.com",
      "http://localhost:8080",
      "http://127.0.0.1:5173",
      "https://*.example.com",
      "https://*.a.example.co.uk:8443",
    ]) {
      expect(isValidOriginPattern(ok), ok).toBe(true);
    }
  });

  it("refuses paths, trailing slashes, bare TLD wildcards, inner wildcards and other schemes", () => {
    for (const bad of [
      "https://app.example.com/",
      "https://app.example.com/x",
      "https://*.com",
      "https://a.*.example.com",
      "ftp://example.com",
      "example.com",
      "https://*",
      "*",
    ]) {
      expect(isValidOriginPattern(bad), bad).toBe(false);
    }
  });

  it("matches a wildcard against exactly one label", () => {
    expect(originMatches("https://a.example.com", "https://*.example.com")).toBe(true);
    expect(originMatches("https://example.com", "https://*.example.com")).toBe(false);
    expect(originMatches("https://a.b.example.com", "https://*.example.com")).toBe(false);
    expect(originMatches("http://a.example.com", "https://*.example.com")).toBe(false);
    expect(originMatches("https://a.example.com.evil.net", "https://*.example.com")).toBe(false);
  });

  it("treats an empty list as any origin", () => {
    expect(originAllowed("https://x.example", [])).toBe(true);
    expect(originAllowed("https://x.example", ["https://y.example"])).toBe(false);
  });
});
