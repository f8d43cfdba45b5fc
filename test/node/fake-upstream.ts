import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

/**
 * A fake of every provider on 127.0.0.1, for tests and the bench. It records each request and
 * replays recorded real-shaped payloads from test/fixtures/. Markers in the request body or URL
 * choose a behaviour: `behave:jitter` (0–50 ms delay), `behave:hang` (never answer),
 * `behave:pause` (first stream event, 1 s pause, the rest), `behave:stall` (first event, then
 * silence), `behave:reset` (drop the connection), `behave:status-NNN` (that status with a
 * provider-shaped error body echoing the auth headers it received; 429 carries `Retry-After: 7`),
 * `behave:malformed` (200 with a body that is not JSON), `behave:slow-headers` (headers after 1.5 s),
 * `behave:echo` (echo the auth headers and the fake's own URL, plainly and as JSON `\u` escapes, in
 * the body and in response headers, as a careless or hostile provider might; with `status-NNN` too),
 * `behave:echo-midstream` (a stream whose second event is the provider's error event, its message
 * echoing the auth headers and the fake's own URL).
 * Stream faults (issue 10): `behave:drip` (each event 300 ms after the last), `behave:truncate`
 * (half the events, then a clean end without the end marker), `behave:cut` (first event, then
 * the connection dropped), `behave:malformed-sse` (a `data:` line that is not JSON after the first
 * event), `behave:not-chunk` (a JSON object of the wrong shape after the first event),
 * `behave:trail` (after the end marker, an SSE comment every 200 ms and no end: a stream that
 * does not close after its marker), `behave:html` (200 text/html to any request), `behave:json-to-stream` (the JSON completion,
 * application/json, to a stream request), `behave:huge` (a valid 20 MB completion).
 * `behave:fail-first-N` answers 503 to the first N requests to the same path, then 200 `{}`
 * (a webhook receiver that is down for a while).
 * `POST /never-answers/...` accepts the connection and never answers nor reads (a hung store,
 * e.g. an Upstash REST endpoint).
 * `tag:<id>` labels a request so a test can fetch its own records from `GET /__requests?tag=<id>`.
 * `fixture:<name>` answers with test/fixtures/<family>/<name>.json (or `<name>-stream.sse` when
 * streaming) instead of the endpoint's default payload (a tool call, structured output, …).
 */
export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  tags: string[];
  aborted: boolean;
  receivedAt: number;
};

type Family = "openai" | "anthropic" | "gemini";

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
const fixtures = new Map<string, string>();
/** A recorded payload, read from disk once (the fake answers thousands of requests in the concurrency tests). */
const fixture = (path: string): string => {
  const cached = fixtures.get(path) ?? readFileSync(`${FIXTURES}${path}`, "utf8");
  fixtures.set(path, cached);
  return cached;
};

/** The default payload of each endpoint, by the path's provider prefix and the endpoint it names. */
function defaultPayload(family: Family, path: string): { json: string; stream: string } {
  const bare = path.split("?")[0] ?? path;
  if (bare.endsWith("/models")) return { json: "models", stream: "models" };
  if (family === "openai" && bare.endsWith("/responses")) return { json: "responses", stream: "responses-stream" };
  if (family === "openai" && bare.endsWith("/embeddings")) return { json: "embeddings", stream: "embeddings" };
  if (family === "gemini" && bare.endsWith(":batchEmbedContents"))
    return { json: "batch-embed", stream: "batch-embed" };
  if (family === "gemini" && bare.endsWith(":embedContent")) return { json: "embed", stream: "embed" };
  if (family === "anthropic") return { json: "messages", stream: "messages-stream" };
  if (family === "gemini") return { json: "generate", stream: "stream" };
  return { json: "chat", stream: "chat-stream" };
}

function familyOf(path: string): Family {
  if (path.startsWith("/anthropic/")) return "anthropic";
  if (path.startsWith("/gemini/")) return "gemini";
  return "openai";
}

function errorBody(family: Family, status: number, message: string): string {
  if (family === "anthropic")
    return JSON.stringify({ type: "error", error: { type: "invalid_request_error", message } });
  if (family === "gemini") return JSON.stringify({ error: { code: status, message, status: "INVALID_ARGUMENT" } });
  return JSON.stringify({ error: { message, type: "invalid_request_error", param: null, code: null } });
}

/** A provider-valid non-streamed answer of about `bytes` bytes (the `huge` mode). */
function hugeAnswer(family: Family, bytes: number): string {
  const text = "x".repeat(bytes);
  if (family === "anthropic") {
    return JSON.stringify({
      id: "msg_huge",
      type: "message",
      role: "assistant",
      content: [{ type: "text", text }],
      stop_reason: "end_turn",
      usage: { input_tokens: 1, output_tokens: 1 },
    });
  }
  if (family === "gemini") {
    return JSON.stringify({ candidates: [{ content: { parts: [{ text }], role: "model" }, finishReason: "STOP" }] });
  }
  return JSON.stringify({
    id: "chatcmpl-huge",
    object: "chat.completion",
    created: 1,
    model: "gpt-4o-mini",
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
  });
}

const HUGE_BYTES = 20 * 1024 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every character as a JSON `\u` escape: valid JSON that a plain-text search would miss. */
const escapeAll = (s: string) => [...s].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

/** JSON members echoing what a provider should never send back: our auth headers and our own URL. */
function echoMembers(req: IncomingMessage, path: string): { members: string; auth: string; self: string } {
  const auth = ["authorization", "x-api-key", "x-goog-api-key"]
    .map((h) => req.headers[h])
    .filter((v): v is string => typeof v === "string")
    .join(" ");
  const self = `http://${req.headers.host ?? "127.0.0.1"}${path.split("?")[0]}`;
  const members = [
    `"echo":"you sent ${auth} to ${self}"`,
    `"escaped_auth":"${escapeAll(auth)}"`,
    `"escaped_url":"${escapeAll(self)}"`,
    `"slashed_url":"${self.replaceAll("/", "\\/")}"`,
  ].join(",");
  return { members, auth, self };
}

/** The headers a leaky provider might send: echoes, an org name, a cookie. */
function echoHeaders(auth: string, self: string): Record<string, string> {
  return {
    "x-echo-auth": auth,
    "x-request-id": `req ${auth}`,
    "openai-organization": "org-internal-echo",
    "set-cookie": `session=${auth.replace(/\s/g, "_")}`,
    "x-upstream-url": self,
    "x-ratelimit-remaining-requests": `99 ${self}`,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startFakeUpstream(): Promise<{ url: string; close: () => Promise<void> }> {
  const records: RecordedRequest[] = [];
  const seenPaths = new Map<string, number>();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = req.url ?? "/";
    if (path.startsWith("/never-answers")) return; // accepted, never read, never answered
    if (path.startsWith("/__requests")) {
      const tag = new URL(path, "http://x").searchParams.get("tag");
      const found = tag ? records.filter((r) => r.tags.includes(tag)) : records;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(found));
      return;
    }
    const body = await readBody(req);
    const text = `${decodeURIComponent(path)} ${body}`;
    const behaviours = [...text.matchAll(/behave[:=]([a-z0-9-]+)/g)].map((m) => m[1] ?? "");
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      body,
      tags: [...text.matchAll(/tag[:=]([A-Za-z0-9-]+)/g)].map((m) => m[1] ?? ""),
      aborted: false,
      receivedAt: Date.now(),
    };
    records.push(record);
    if (records.length > 20_000) records.splice(0, 10_000);
    res.on("close", () => {
      if (!res.writableFinished) record.aborted = true;
    });

    const family = familyOf(path);
    const has = (b: string) => behaviours.includes(b);
    if (has("jitter")) await sleep(Math.random() * 50);
    if (has("hang")) return;
    if (has("reset")) {
      req.socket.destroy();
      return;
    }
    if (has("slow-headers")) await sleep(1500);
    const failFirst = behaviours.find((b) => b.startsWith("fail-first-"));
    if (failFirst) {
      const seen = (seenPaths.get(path) ?? 0) + 1;
      seenPaths.set(path, seen);
      const down = seen <= Number(failFirst.slice("fail-first-".length));
      res.writeHead(down ? 503 : 200, { "content-type": "application/json" }).end(down ? '{"down":true}' : "{}");
      return;
    }
    const status = behaviours.find((b) => b.startsWith("status-"));
    const echo = has("echo") ? echoMembers(req, path) : null;
    if (status && echo) {
      const code = Number(status.slice("status-".length));
      const error = `"error":{"message":"Rejected by fake upstream; you sent ${echo.auth} to ${echo.self}","code":${code}}`;
      res.writeHead(code, { "content-type": "application/json", ...echoHeaders(echo.auth, echo.self) });
      res.end(`{${error},${echo.members}}`);
      return;
    }
    if (status) {
      const code = Number(status.slice("status-".length));
      const echoed = ["authorization", "x-api-key", "x-goog-api-key"]
        .map((h) => `${h}=${req.headers[h] ?? ""}`)
        .join(" ");
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (code === 429) headers["retry-after"] = "7";
      res.writeHead(code, headers).end(errorBody(family, code, `Rejected by fake upstream; you sent ${echoed}`));
      return;
    }
    if (has("malformed")) {
      res.writeHead(200, { "content-type": "application/json" }).end("<html>not json</html>");
      return;
    }
    if (has("html")) {
      res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Login</title><p>Sign in</p>");
      return;
    }
    if (has("huge")) {
      res.writeHead(200, { "content-type": "application/json" });
      const answer = hugeAnswer(family, HUGE_BYTES);
      // In 64 KiB writes, so a reader that stops early makes the server see its socket close.
      for (let i = 0; i < answer.length && !res.destroyed; i += 65_536) {
        if (!res.write(answer.slice(i, i + 65_536))) await new Promise((r) => res.once("drain", r));
      }
      res.end();
      return;
    }
    let parsed: { stream?: boolean } = {};
    try {
      parsed = JSON.parse(body) as { stream?: boolean };
    } catch {}
    const streaming = parsed.stream === true || path.includes(":streamGenerateContent");
    const named = /fixture[:=]([a-z0-9-]+)/.exec(text)?.[1];
    const payload = defaultPayload(family, path);
    const extraHeaders = echo ? echoHeaders(echo.auth, echo.self) : {};
    if (!streaming || has("json-to-stream")) {
      const file = named ? `${family}/${named}.json` : `${family}/${payload.json}.json`;
      const json = fixture(file).trim();
      const answer = echo ? `{${echo.members},${json.slice(1)}` : json;
      res.writeHead(200, { "content-type": "application/json", ...extraHeaders }).end(answer);
      return;
    }
    const file = named ? `${family}/${named}-stream.sse` : `${family}/${payload.stream}.sse`;
    let events = fixture(file)
      .split(/\n\n/)
      .filter((e) => e.trim() !== "");
    if (echo) events.unshift(`data: {${echo.members}}`);
    if (has("echo-midstream")) {
      const { auth, self } = echoMembers(req, path);
      events.splice(
        1,
        0,
        `data: {"type":"error","error":{"type":"api_error","message":"you sent ${auth} to ${self}"}}`,
      );
    }
    if (has("truncate")) events = events.slice(0, Math.ceil(events.length / 2));
    if (has("malformed-sse")) events.splice(1, 0, 'data: {"choices": [{"delta": {"content": "cut');
    if (has("not-chunk")) events.splice(1, 0, 'data: {"hello": "world"}');
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...extraHeaders });
    for (const [i, event] of events.entries()) {
      if (res.destroyed) return;
      if (i > 0 && has("drip")) await sleep(300);
      res.write(`${event}\n\n`);
      if (i === 0 && has("pause")) await sleep(1000);
      if (i === 0 && has("stall")) return;
      if (i === 0 && has("cut")) {
        await sleep(50);
        req.socket.destroy();
        return;
      }
    }
    while (has("trail") && !res.destroyed) {
      await sleep(200);
      res.write(": trailing\n\n");
    }
    res.end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
