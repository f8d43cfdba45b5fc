import { env } from "cloudflare:workers";
import { admin, ai, expectStatus } from "./api";

/** What the fake upstream recorded of one request (see test/node/fake-upstream.ts). */
export type Recorded = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  tags: string[];
  aborted: boolean;
  receivedAt: number;
};

/** A unique label to put in a message (`tag:<id>`) so a test can find its own upstream requests. */
export function newTag(): string {
  return crypto.randomUUID();
}

/** Every request the fake upstream received carrying this tag. */
export async function upstreamRequests(tag: string): Promise<Recorded[]> {
  const res = await fetch(`${env.FAKE_UPSTREAM_URL}/__requests?tag=${tag}`);
  return (await res.json()) as Recorded[];
}

/** Polls until the fake upstream has recorded `count` requests with this tag (or times out). */
export async function waitForUpstream(
  tag: string,
  predicate: (r: Recorded[]) => boolean,
  ms = 3000,
): Promise<Recorded[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await upstreamRequests(tag);
    if (predicate(found) || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A chat request body whose user message carries the tag and behaviour markers. */
export function chatBody(
  model: string,
  tag: string,
  extra: Record<string, unknown> = {},
  markers = "",
): Record<string, unknown> {
  return { model, messages: [{ role: "user", content: `Hello tag:${tag} ${markers}`.trim() }], ...extra };
}

/** POST /api/v1/chat/completions with a module key. */
export function chat(
  key: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return ai("/api/v1/chat/completions", key, { method: "POST", body, headers });
}

/** Creates an account and returns its id. */
export async function createAccount(allowGatewayKeys = false): Promise<string> {
  const res = await admin("/api/v1/accounts", {
    method: "POST",
    body: { name: `acct-${crypto.randomUUID()}`, allow_gateway_keys: allowGatewayKeys },
  });
  const body = await expectStatus<{ account_id: string }>(res, 201);
  return body.account_id;
}

/** Stores a BYOK provider key for the account. */
export async function putProviderKey(accountId: string, provider: string, apiKey: string): Promise<void> {
  const res = await admin(`/api/v1/accounts/${accountId}/provider-keys/${provider}`, {
    method: "PUT",
    body: { api_key: apiKey },
  });
  await expectStatus(res, 204);
}

/** A random canary provider key, unique per test. */
export function canaryKey(label: string): string {
  return `canary-byok-${label}-${crypto.randomUUID().replaceAll("-", "")}`;
}

/** Parses an OpenAI SSE body into its `data:` payloads. */
export function ssePayloads(text: string): string[] {
  return text
    .split("\n\n")
    .map((e) => e.trim())
    .filter((e) => e.startsWith("data: "))
    .map((e) => e.slice("data: ".length));
}

/** Joins the content deltas of an OpenAI chunk stream. */
export function streamedText(payloads: string[]): string {
  return payloads
    .filter((p) => p !== "[DONE]")
    .map((p) => JSON.parse(p) as { choices: Array<{ delta?: { content?: string } }> })
    .map((c) => c.choices[0]?.delta?.content ?? "")
    .join("");
}

type ToolCallChunk = {
  choices: Array<{
    delta?: { tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }> };
    finish_reason?: string | null;
  }>;
};

/** Assembles the tool calls of an OpenAI chunk stream as a client does: by index, arguments concatenated. */
export function streamedToolCalls(payloads: string[]): {
  calls: Array<{ id: string; name: string; arguments: string }>;
  fragments: number;
  finish: string | null;
} {
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  let fragments = 0;
  let finish: string | null = null;
  for (const payload of payloads) {
    if (payload === "[DONE]") continue;
    const chunk = JSON.parse(payload) as ToolCallChunk;
    for (const choice of chunk.choices) {
      finish = choice.finish_reason ?? finish;
      for (const delta of choice.delta?.tool_calls ?? []) {
        fragments++;
        const call = calls[delta.index] ?? { id: "", name: "", arguments: "" };
        calls[delta.index] = call;
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name = delta.function.name;
        call.arguments += delta.function?.arguments ?? "";
      }
    }
  }
  return { calls, fragments, finish };
}

/** The JSON body the fake upstream received for this tag (the first such request). */
export async function sentBody(tag: string): Promise<Record<string, unknown>> {
  const [sent] = await upstreamRequests(tag);
  return JSON.parse(sent?.body ?? "null") as Record<string, unknown>;
}

/** Short phase timeouts for fault tests: the fake upstream's pauses (≤ 300 ms between drips) stay below them. */
export const FAULT_TIMEOUTS = { UPSTREAM_TTFB_TIMEOUT_MS: "1500", STREAM_IDLE_TIMEOUT_MS: "1000" };

/**
 * POST /api/v1/chat/completions to a fresh app whose env is this run's env with `overrides` on
 * top (timeouts, base URLs, caps), so one test can change config without touching the others.
 * Returns the response and a promise of the request's `waitUntil` work.
 */
export async function chatWithEnv(
  key: string,
  body: Record<string, unknown>,
  overrides: Record<string, string>,
): Promise<{ res: Response; settled: Promise<unknown> }> {
  const { createApp } = await import("../../src/app");
  const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
  const ctx = createExecutionContext();
  const res = await createApp().fetch(
    new Request("http://gateway.test/api/v1/chat/completions", {
      method: "POST",
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { ...env, ...overrides },
    ctx,
  );
  return { res, settled: waitOnExecutionContext(ctx) };
}
