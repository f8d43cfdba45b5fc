import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../node/chromium";
import { startStaticServer } from "../node/static-server";
import { adminCall, type Gateway, startTestGateway } from "./gateway";

const ROOT = resolve(import.meta.dirname, "../..");
const ARTIFACTS = join(ROOT, "test-artifacts");

let gateway: Gateway;
let site: { url: string; close: () => Promise<void> };
let browser: Browser;
let pageDir: string;

/** Bundles the page script (both SDKs) for the browser and writes the page next to it. */
async function writePage(dir: string) {
  await build({
    entryPoints: [join(import.meta.dirname, "browser/sdk-page.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile: join(dir, "sdk-page.js"),
    logLevel: "error",
  });
  writeFileSync(
    join(dir, "index.html"),
    '<!doctype html><html><body><script type="module" src="sdk-page.js"></script></body></html>',
  );
}

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${site.url}/index.html`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 15_000 });
  return page;
}

beforeAll(async () => {
  gateway = await startTestGateway();
  pageDir = mkdtempSync(join(tmpdir(), "egw-sdk-page-"));
  await writePage(pageDir);
  site = await startStaticServer(pageDir);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await gateway?.stop();
  if (pageDir) rmSync(pageDir, { recursive: true, force: true });
});

describe("official SDKs in Chromium, from a page on another origin", () => {
  it("the openai SDK (dangerouslyAllowBrowser) streams a tool call, then the answer to its result", async () => {
    const { secret_key } = await adminCall(gateway, "POST", "/modules/provision", {
      name: "sdk-page",
      allowed_origins: [site.url],
    });
    const page = await openPage();
    const result = await page.evaluate(
      ([url, key]) =>
        (window as unknown as { runOpenAi: (u: string, k: string) => Promise<unknown> }).runOpenAi(url, key),
      [gateway.url, secret_key] as const,
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "sdk-openai-browser.png") });
    expect(result).toEqual({
      finish: "tool_calls",
      name: "get_weather",
      arguments: { city: "Weather in Paris" },
      argumentDeltas: 4, // the head (id, name, "") and three argument fragments
      text: "Sunny in Weather in Paris",
    });
    await page.close();
  });

  it("the Vercel AI SDK streams a tool call, runs the tool and streams the answer", async () => {
    const { secret_key } = await adminCall(gateway, "POST", "/modules/provision", {
      name: "sdk-page",
      allowed_origins: [site.url],
    });
    const page = await openPage();
    const result = (await page.evaluate(
      ([url, key]) =>
        (window as unknown as { runAiSdk: (u: string, k: string) => Promise<unknown> }).runAiSdk(url, key),
      [gateway.url, secret_key] as const,
    )) as { parts: string[]; toolCalls: unknown[]; text: string };
    expect(result.toolCalls).toEqual([{ name: "get_weather", input: { city: "Weather in Paris" } }]);
    expect(result.parts).toContain("tool-input-delta");
    expect(result.parts).toContain("tool-result");
    expect(result.parts.indexOf("tool-result")).toBeLessThan(result.parts.lastIndexOf("text-delta"));
    expect(result.text).toBe("Rainy in Weather in Paris");
    await page.close();
  });

  it("is refused from an origin the key does not allow, the page reading the gateway's reason", async () => {
    const { secret_key } = await adminCall(gateway, "POST", "/modules/provision", {
      name: "sdk-page",
      allowed_origins: ["https://elsewhere.example"],
    });
    const page = await openPage();
    const error = await page.evaluate(
      ([url, key]) =>
        (window as unknown as { runOpenAi: (u: string, k: string) => Promise<unknown> }).runOpenAi(url, key).then(
          () => "no error",
          (err: { status?: number; code?: string }) => `${err.status} ${err.code}`,
        ),
      [gateway.url, secret_key] as const,
    );
    expect(error).toBe("403 origin_not_allowed");
    await page.close();
  });
});
