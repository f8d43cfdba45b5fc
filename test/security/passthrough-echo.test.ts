import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { provision } from "../helpers/api";
import { native, passthroughKey, userTurn } from "../helpers/passthrough";
import { canaryKey, chat, chatBody, createAccount, newTag, putProviderKey } from "../helpers/upstream";

/**
 * A provider that echoes what it was sent (`behave:echo` on the fake upstream): our auth
 * headers and its own URL, plainly, as JSON `\u` escapes and with `\/`, in 200 bodies, in
 * streams, in error bodies and in response headers. No answer may carry any of it.
 */

/** Every JSON string inside a body (or inside each `data:` line of a stream), decoded. */
function decodedStrings(text: string): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        walk(x);
      }
    }
  };
  const docs = text.includes("data: ")
    ? text
        .split("\n")
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
    : [text];
  for (const doc of docs) {
    try {
      walk(JSON.parse(doc));
    } catch {}
  }
  return out.join("\n");
}

const escapeAll = (s: string) => [...s].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

/** The canaries found in an answer: raw, escaped or after decoding its JSON. */
async function leaksIn(res: Response, canaries: string[]): Promise<string[]> {
  const headers = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n");
  const body = await res.text();
  const text = `${res.status}\n${headers}\n${body}`;
  const decoded = decodedStrings(body);
  const found: string[] = [];
  for (const canary of canaries) {
    const forms = [canary, escapeAll(canary), canary.replaceAll("/", "\\/")];
    if (forms.some((f) => text.includes(f)) || decoded.includes(canary)) found.push(canary);
  }
  return found;
}

const upstreamHost = () => new URL(env.FAKE_UPSTREAM_URL).host;
const upstreamOrigin = () => new URL(env.FAKE_UPSTREAM_URL).origin;

const CALLS = [
  {
    path: "openai/chat/completions",
    body: (marker: string, stream: boolean) => ({
      model: "gpt-4o-mini",
      stream,
      messages: [{ role: "user", content: `hi ${marker}` }],
    }),
  },
  {
    path: "anthropic/v1/messages",
    body: (marker: string, stream: boolean) => ({
      model: "claude-sonnet-4-5",
      stream,
      messages: [{ role: "user", content: `hi ${marker}` }],
    }),
  },
  {
    path: "gemini/v1beta/models/gemini-2.5-flash:generateContent",
    streamPath: "gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    body: (marker: string) => ({ contents: [{ role: "user", parts: [{ text: `hi ${marker}` }] }] }),
  },
];

describe("passthrough answers carry no provider key and no internal URL", () => {
  it("holds for 200 bodies, streams, error bodies and headers, with a BYOK key and with the gateway's", async () => {
    const byok = canaryKey("echo");
    const account = await createAccount(false);
    for (const provider of ["openai", "anthropic", "gemini"]) await putProviderKey(account, provider, byok);
    const gateway = await passthroughKey();
    const owned = await passthroughKey({ account_id: account });
    const canaries = [
      byok,
      env.OPENAI_API_KEY,
      env.ANTHROPIC_API_KEY,
      env.GEMINI_API_KEY,
      gateway.secret_key,
      owned.secret_key,
      upstreamOrigin(),
      upstreamHost(),
    ];
    let answers = 0;
    for (const key of [gateway.secret_key, owned.secret_key]) {
      for (const call of CALLS) {
        for (const stream of [false, true]) {
          for (const marker of ["behave:echo", "behave:echo behave:status-400", "behave:echo behave:status-429"]) {
            const path = stream && call.streamPath ? call.streamPath : call.path;
            const res = await native(key, path, { body: call.body(marker, stream) });
            const status = res.status;
            const relayedHeaders = [...res.headers.keys()];
            expect(await leaksIn(res, canaries), `${path} ${marker} stream=${stream}`).toEqual([]);
            expect(relayedHeaders).not.toContain("x-echo-auth");
            expect(relayedHeaders).not.toContain("set-cookie");
            expect(relayedHeaders).not.toContain("openai-organization");
            expect(relayedHeaders).not.toContain("x-upstream-url");
            expect(status, `${path} ${marker}`).toBe(marker.includes("status-") ? Number(marker.slice(-3)) : 200);
            answers += 1;
          }
        }
      }
    }
    expect(answers).toBe(36);
  });

  it("relays the allowlisted headers with their values scrubbed, and keeps the gateway's own request id", async () => {
    const { secret_key } = await passthroughKey();
    const res = await native(secret_key, "openai/chat/completions", {
      body: { model: "gpt-4o-mini", messages: userTurn.openai(`${newTag()} behave:echo`) },
    });
    await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-upstream-request-id")).toBe("req Bearer [redacted]");
    expect(res.headers.get("x-ratelimit-remaining-requests")).toBe("99 [provider]/chat/completions");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps a native error body's shape while scrubbing it", async () => {
    const { secret_key } = await passthroughKey();
    const res = await native(secret_key, "openai/chat/completions", {
      body: { model: "gpt-4o-mini", messages: userTurn.openai(`${newTag()} behave:echo behave:status-400`) },
    });
    const body = (await res.json()) as { error: { message: string }; escaped_auth: string; slashed_url: string };
    expect(res.status).toBe(400);
    expect(body.error.message).toBe(
      "Rejected by fake upstream; you sent Bearer [redacted] to [provider]/chat/completions",
    );
    expect(body.escaped_auth).toBe("Bearer [redacted]");
    expect(body.slashed_url).toBe("[provider]/chat/completions");
  });
});

describe("no internal URL in the chat route's answers", () => {
  const canaries = () => [
    env.OPENAI_API_KEY,
    env.ANTHROPIC_API_KEY,
    env.GEMINI_API_KEY,
    upstreamOrigin(),
    upstreamHost(),
  ];
  const MODELS = ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"];

  it("scrubs the provider's echo of its own URL and our key from upstream error messages", async () => {
    const { secret_key } = await provision();
    for (const model of MODELS) {
      for (const behave of ["behave:echo behave:status-400", "behave:echo behave:status-500"]) {
        for (const stream of [false, true]) {
          const res = await chat(secret_key, chatBody(model, newTag(), { stream }, behave));
          expect(res.status, `${model} ${behave}`).toBeGreaterThanOrEqual(400);
          expect(await leaksIn(res, canaries()), `${model} ${behave} stream=${stream}`).toEqual([]);
        }
      }
    }
  });

  it("scrubs them from a provider's error event in the middle of a stream", async () => {
    const { secret_key } = await provision();
    for (const model of MODELS) {
      const res = await chat(secret_key, chatBody(model, newTag(), { stream: true }, "behave:echo-midstream"));
      const text = await res.clone().text();
      expect(text, model).toContain("reported an error mid-stream: you sent");
      expect(text, model).toContain("[provider]");
      expect(await leaksIn(res, canaries()), model).toEqual([]);
    }
  });
});
