import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../node/chromium";
import { startFakeUpstream } from "../node/fake-upstream";
import { startStaticServer } from "../node/static-server";
import { adminCall, type Gateway, startTestGateway } from "./gateway";

let upstream: { url: string; close: () => Promise<void> };
let gateway: Gateway;
let site: { url: string; close: () => Promise<void> };
let browser: Browser;
let pageDir: string;
let key: string;

type Outcome = { ok: true; content: string } | { ok: false; code: string; message: string; partial: string };

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gateway = await startTestGateway({
    OPENAI_BASE_URL: `${upstream.url}/openai/v1`,
    OPENAI_API_KEY: "sk-e2e-sdk-stream-test-key",
  });
  pageDir = mkdtempSync(join(tmpdir(), "egw-sdk-stream-"));
  // A page on another origin that loads the gateway's own /sdk.js, as an exported plugin does.
  writeFileSync(
    join(pageDir, "index.html"),
    `<!doctype html><html><body><script src="${gateway.url}/sdk.js"></script>
<script>document.body.dataset.ready = String(typeof createGatewayClient === "function");</script></body></html>`,
  );
  site = await startStaticServer(pageDir);
  key = (await adminCall(gateway, "POST", "/modules/provision", { name: "sdk-stream", allowed_origins: [site.url] }))
    .secret_key;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await gateway?.stop();
  await upstream?.close();
  if (pageDir) rmSync(pageDir, { recursive: true, force: true });
});

/** The page, once /sdk.js has loaded in it. */
async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${site.url}/index.html`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  return page;
}

/** Streams one chat through /sdk.js in Chromium, the fake provider behaving as `behaviour`. */
async function streamInPage(page: Page, behaviour: string): Promise<Outcome> {
  return page.evaluate(
    async ([baseUrl, apiKey, marker]) => {
      const w = window as unknown as {
        createGatewayClient: (o: { baseUrl: string; key: string }) => {
          chat: (r: unknown, o: { onToken: () => void }) => Promise<{ content: string }>;
        };
      };
      const ai = w.createGatewayClient({ baseUrl, key: apiKey });
      const request = { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: `hi ${marker}` }] };
      try {
        const answer = await ai.chat(request, { onToken: () => {} });
        return { ok: true as const, content: answer.content };
      } catch (err) {
        const e = err as { code: string; message: string; partial: string };
        return { ok: false as const, code: e.code, message: e.message, partial: e.partial };
      }
    },
    [gateway.url, key, behaviour] as const,
  );
}

describe("/sdk.js shows a broken stream to the page instead of passing it off as an answer", () => {
  it("resolves a whole stream with its text", async () => {
    const page = await openPage();
    expect(await streamInPage(page, "")).toEqual({ ok: true, content: "Hello! How can I assist you today?" });
    await page.close();
  });

  it("rejects a truncated stream with upstream_error and keeps the partial text", async () => {
    const page = await openPage();
    const outcome = await streamInPage(page, "behave:truncate");
    // The text arrived whole, but no finish, usage or end marker: still an error, with the text kept.
    expect(outcome).toMatchObject({ ok: false, code: "upstream_error", partial: "Hello! How can I assist you today?" });
    expect(outcome.ok === false && outcome.message).toContain("AI provider answered with an error");
    await page.close();
  });

  it("rejects a stream with a malformed event the same way", async () => {
    const page = await openPage();
    expect(await streamInPage(page, "behave:malformed-sse")).toMatchObject({ ok: false, code: "upstream_error" });
    await page.close();
  });
});
