import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeUpstream } from "../node/fake-upstream";
import { adminCall, type Gateway, startTestGateway } from "./gateway";

type Recorded = { aborted: boolean };

let upstream: { url: string; close: () => Promise<void> };
let gateway: Gateway;
let moduleKey: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway({
    OPENAI_BASE_URL: `${upstream.url}/openai/v1`,
    OPENAI_API_KEY: "sk-e2e-disconnect-test-key",
    // Long enough that only the client leaving can end these calls within the test.
    UPSTREAM_TIMEOUT_MS: "30000",
  });
  moduleKey = (await adminCall(gateway, "POST", "/modules/provision", { name: "disconnect e2e" })).secret_key;
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

async function recorded(tag: string): Promise<Recorded | undefined> {
  const res = await fetch(`${upstream.url}/__requests?tag=${tag}`);
  return ((await res.json()) as Recorded[])[0];
}

async function until<T>(probe: () => Promise<T | undefined | false>, ms: number): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value || Date.now() > deadline) return value || undefined;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens a real TCP connection to the gateway and sends a chat request; resolves once it is on the wire. */
function openChat(tag: string, behaviour: string, stream: boolean) {
  const url = new URL(gateway.url);
  const body = JSON.stringify({
    model: "openai/gpt-4o-mini",
    stream,
    messages: [{ role: "user", content: `hello tag:${tag} behave:${behaviour}` }],
  });
  const req = request({
    host: url.hostname,
    port: url.port,
    path: "/api/v1/chat/completions",
    method: "POST",
    headers: { "x-api-key": moduleKey, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
  });
  req.on("error", () => {}); // the test closes the socket on purpose
  const firstBytes = new Promise<string>((resolve) =>
    req.on("response", (res) => res.once("data", (chunk: Buffer) => resolve(chunk.toString("utf8")))),
  );
  req.end(body);
  return { req, firstBytes };
}

describe("a client that disconnects (a real socket against the built Worker under Miniflare)", () => {
  it("aborts the upstream call within 1 s when the socket is reset before the first byte", async () => {
    const tag = crypto.randomUUID();
    const { req } = openChat(tag, "hang", false);
    expect(await until(() => recorded(tag), 5000), "the request reached the provider").toBeDefined();
    const closedAt = Date.now();
    req.socket?.resetAndDestroy();
    const aborted = await until(async () => (await recorded(tag))?.aborted, 3000);
    expect(aborted, "the provider saw its connection close").toBe(true);
    expect(Date.now() - closedAt).toBeLessThanOrEqual(1000);
  });

  it("aborts the upstream call within 1 s when the socket is closed mid-stream while the provider is silent", async () => {
    const tag = crypto.randomUUID();
    const { req, firstBytes } = openChat(tag, "stall", true);
    expect(await firstBytes).toContain("chat.completion.chunk");
    const closedAt = Date.now();
    req.destroy(); // an ordinary close (FIN): noticed on the gateway's next write, its heartbeat
    const aborted = await until(async () => (await recorded(tag))?.aborted, 3000);
    expect(aborted, "the provider saw its connection close").toBe(true);
    expect(Date.now() - closedAt).toBeLessThanOrEqual(1000);
  });
});
