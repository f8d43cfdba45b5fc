import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { admin, ai, provision } from "../helpers/api";
import { canaryKey, chat, chatBody, createAccount, newTag, putProviderKey } from "../helpers/upstream";

const lines: string[] = [];

beforeEach(() => {
  lines.length = 0;
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
});
afterEach(() => vi.restoreAllMocks());

async function transcript(res: Response): Promise<string> {
  const headers = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n");
  return `${res.status}\n${headers}\n${await res.text()}`;
}

describe("no provider key in any response or log line", () => {
  it("holds for successes and every error path, streamed or not, with gateway and BYOK keys", async () => {
    const byok = canaryKey("leak");
    const account = await createAccount(false);
    await putProviderKey(account, "openai", byok);
    await putProviderKey(account, "anthropic", byok);
    await putProviderKey(account, "gemini", byok);
    const gateway = await provision({ allow_passthrough: true });
    const owned = await provision({ account_id: account, allow_passthrough: true });
    const secrets = [
      byok,
      env.OPENAI_API_KEY,
      env.ANTHROPIC_API_KEY,
      env.GEMINI_API_KEY,
      env.GROQ_API_KEY,
      gateway.secret_key,
      owned.secret_key,
    ];

    const outputs: string[] = [];
    const behaviours = [
      "",
      "behave:status-400",
      "behave:status-401",
      "behave:status-429",
      "behave:status-500",
      "behave:malformed",
      "behave:reset",
    ];
    const models = ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"];
    for (const key of [gateway.secret_key, owned.secret_key]) {
      for (const model of models) {
        for (const behave of behaviours) {
          for (const stream of [false, true]) {
            outputs.push(await transcript(await chat(key, chatBody(model, newTag(), { stream }, behave))));
          }
        }
      }
      outputs.push(await transcript(await chat(key, chatBody("mistral/mistral-small-latest", newTag()))));
      outputs.push(
        await transcript(
          await ai("/api/v1/providers/openai/chat/completions", key, {
            method: "POST",
            body: { model: "gpt-4o-mini", max_tokens: 5, messages: [{ role: "user", content: "behave:status-403" }] },
          }),
        ),
      );
      outputs.push(
        await transcript(
          await ai("/api/v1/providers/anthropic/v1/messages", key, {
            method: "POST",
            body: { model: "claude-sonnet-4-5", max_tokens: 5, messages: [{ role: "user", content: "hi" }] },
          }),
        ),
      );
    }
    outputs.push(await transcript(await admin(`/api/v1/accounts/${account}/provider-keys`)));
    outputs.push(await transcript(await admin(`/api/v1/modules/${owned.module_id}`)));
    const hang = await chat(
      owned.secret_key,
      chatBody("openai/gpt-4o-mini", newTag(), { stream: true }, "behave:stall"),
    );
    outputs.push(await transcript(hang));

    // The error paths must really have echoed the keys upstream for this to prove anything.
    expect(outputs.some((o) => o.includes("Rejected by fake upstream; you sent authorization=Bearer [redacted]"))).toBe(
      true,
    );
    const everything = [...outputs, ...lines].join("\n");
    for (const secret of secrets) expect(everything.includes(secret), `leaked ${secret.slice(0, 14)}…`).toBe(false);
  }, 60_000);
});
