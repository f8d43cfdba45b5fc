import { afterEach, describe, expect, it, vi } from "vitest";
import { ai, expectError, provision } from "../helpers/api";
import { eventually } from "../helpers/ledger";
import { chat, chatBody, newTag } from "../helpers/upstream";

type Line = Record<string, unknown>;

/** Captures the gateway's JSON log lines (console.log/warn/error) while the test runs. */
function captureLines(): Line[] {
  const lines: Line[] = [];
  for (const method of ["log", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((text: unknown) => {
      try {
        lines.push(JSON.parse(String(text)) as Line);
      } catch {}
    });
  }
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe("one structured log line per AI request", () => {
  it("logs ids, route, model, status, latency, time to first byte, tokens and cost — never the key", async () => {
    const p = await provision();
    const lines = captureLines();
    const res = await chat(p.secret_key, chatBody("anthropic/claude-sonnet-4-5", newTag(), { stream: true }));
    const requestId = res.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await res.text();
    const mine = () => Promise.resolve(lines.filter((l) => l.event === "ai_request" && l.request_id === requestId));
    const [line] = await eventually(mine, (l) => l.length === 1);
    expect(line).toMatchObject({
      level: "info",
      module_id: p.module_id,
      method: "POST",
      route: "/api/v1/chat/completions",
      provider: "anthropic",
      model: "anthropic/claude-sonnet-4-5",
      status: 200,
      error_code: null,
      prompt_tokens: 21,
      completion_tokens: 16,
      cost_usd: (21 * 3 + 16 * 15) / 1e6,
      usage_basis: "reported",
    });
    expect(line?.latency_ms).toEqual(expect.any(Number));
    expect(line?.ttfb_ms).toEqual(expect.any(Number));
    expect(await mine()).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain(p.secret_key);
  });

  it("logs a refused request with its error code, and the path without the query string", async () => {
    const p = await provision();
    const lines = captureLines();
    const res = await ai(`/api/v1/models?key=${p.secret_key}&q=secret-query`, "not-a-key");
    expect(res.status).toBeGreaterThanOrEqual(400);
    await res.text();
    const line = lines.find((l) => l.event === "ai_request" && l.route === "/api/v1/models");
    expect(line).toMatchObject({ method: "GET", status: res.status });
    expect(typeof line?.error_code).toBe("string");
    const all = JSON.stringify(lines);
    expect(all).not.toContain(p.secret_key);
    expect(all).not.toContain("secret-query");
    const refused = await chat(p.secret_key, chatBody("nope/model", newTag()));
    await expectError(refused, 400, "invalid_request");
    expect(lines.some((l) => l.event === "ai_request" && l.error_code === "invalid_request")).toBe(true);
  });
});
