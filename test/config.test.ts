import { describe, expect, it } from "vitest";
import { configOf } from "../src/config";

describe("configOf", () => {
  it("gives every var its one default when the env sets none", () => {
    const config = configOf({});
    expect(config.DEFAULT_RATE_LIMIT_PER_HOUR).toBe(1000);
    expect(config.DEFAULT_MAX_OUTPUT_TOKENS).toBe(1024);
    expect(config.UPSTREAM_TIMEOUT_MS).toBe(60_000);
    expect(config.MAX_BODY_BYTES).toBe(1_048_576);
    expect(config.EXPIRY_WARNING_DAYS).toEqual([14, 7, 1]);
    expect(config.RATE_LIMIT_BACKEND).toBe("durable-object");
    expect(config.RATE_LIMIT_FAIL_OPEN).toBe(false);
    expect(config.ENABLE_MOCK_PROVIDER).toBe(false);
    expect(config.OPENAI_BASE_URL).toBe("https://api.openai.com/v1");
    expect(config.UPSTASH_REDIS_REST_URL).toBe("");
  });

  it("parses set values into numbers, flags and trimmed base URLs", () => {
    const config = configOf({
      DEFAULT_RATE_LIMIT_PER_HOUR: "25",
      UPSTREAM_TIMEOUT_MS: "5000",
      RATE_LIMIT_FAIL_OPEN: "true",
      RATE_LIMIT_BACKEND: "upstash",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:9999/anthropic//",
      EXPIRY_WARNING_DAYS: "30, 7,x,0,1",
    });
    expect(config.EXPIRY_WARNING_DAYS).toEqual([30, 7, 1]);
    expect(config.DEFAULT_RATE_LIMIT_PER_HOUR).toBe(25);
    expect(config.UPSTREAM_TIMEOUT_MS).toBe(5000);
    expect(config.RATE_LIMIT_FAIL_OPEN).toBe(true);
    expect(config.RATE_LIMIT_BACKEND).toBe("upstash");
    expect(config.ANTHROPIC_BASE_URL).toBe("http://127.0.0.1:9999/anthropic");
  });

  it("falls back to the default for a broken number and keeps flags off unless exactly true", () => {
    const config = configOf({ MAX_BODY_BYTES: "lots", DEFAULT_MAX_OUTPUT_TOKENS: "-3", ENABLE_MOCK_PROVIDER: "TRUE" });
    expect(config.MAX_BODY_BYTES).toBe(1_048_576);
    expect(config.DEFAULT_MAX_OUTPUT_TOKENS).toBe(1024);
    expect(config.ENABLE_MOCK_PROVIDER).toBe(false);
  });

  it("refuses a base URL that is not http(s)", () => {
    expect(configOf({ GEMINI_BASE_URL: "ftp://example.test" }).GEMINI_BASE_URL).toBeNull();
  });

  it("parses an env object once and serves the same config after", () => {
    const env = { UPSTREAM_TIMEOUT_MS: "7000" };
    const first = configOf(env);
    env.UPSTREAM_TIMEOUT_MS = "9000";
    expect(configOf(env)).toBe(first);
    expect(configOf({ ...env }).UPSTREAM_TIMEOUT_MS).toBe(9000);
  });
});
