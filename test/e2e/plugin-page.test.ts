import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../node/chromium";
import { startStaticServer } from "../node/static-server";
import { adminCall, type Gateway, startTestGateway } from "./gateway";

const ROOT = resolve(import.meta.dirname, "../..");
const ARTIFACTS = join(ROOT, "test-artifacts");
const PROMPT = "please stream these twenty words back to me one at a time so that the test can watch them arrive here";

let gateway: Gateway;
let site: { url: string; close: () => Promise<void> };
let browser: Browser;

/** Serves examples/ on another port (another origin), with the config block filled from the query. */
async function startSite(gatewayUrl: string) {
  return startStaticServer(join(ROOT, "examples"), (url, html) =>
    html
      .replace('gatewayUrl: "http://localhost:8787"', `gatewayUrl: ${JSON.stringify(gatewayUrl)}`)
      .replace(
        'key: "egw_pub_REPLACE_WITH_THE_KEY_FROM_PROVISION"',
        `key: ${JSON.stringify(url.searchParams.get("key") ?? "")}`,
      ),
  );
}

async function provision(body: Record<string, unknown>): Promise<{ secret_key: string; module_id: string }> {
  return adminCall(gateway, "POST", "/modules/provision", { name: `e2e-${Date.now()}`, ...body });
}

async function openPlugin(key: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${site.url}/plugin.html?key=${encodeURIComponent(key)}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 10_000 });
  return page;
}

/** Types the prompt, submits, and records every text the answer box shows until the page settles. */
async function ask(page: Page, prompt = PROMPT) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    const answer = document.getElementById("answer") as HTMLElement;
    new MutationObserver(() => seen.push(answer.textContent ?? "")).observe(answer, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await page.fill("#prompt", prompt);
  await page.click("#send");
  await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 15_000 });
  return {
    state: await page.getAttribute("body", "data-state"),
    answer: (await page.textContent("#answer")) ?? "",
    error: (await page.textContent("#error")) ?? "",
    code: await page.getAttribute("#error", "data-code"),
    seen: await page.evaluate(() => (window as unknown as { seen: string[] }).seen),
  };
}

async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  gateway = await startTestGateway();
  site = await startSite(gateway.url);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await gateway?.stop();
});

describe("the exported plugin page in headless Chromium", () => {
  it("streams a mock answer into the page, the text growing in steps, from an origin the key allows", async () => {
    const { secret_key } = await provision({ allowed_origins: [site.url], allowed_models: ["mock/echo"] });
    const page = await openPlugin(secret_key);
    const result = await ask(page);
    await screenshot(page, "plugin-streamed-answer");
    expect(result.state, result.error).toBe("done");
    expect(result.answer).toBe(PROMPT);
    const partial = new Set(result.seen.filter((text) => text.length > 0 && text.length < PROMPT.length));
    expect(partial.size).toBeGreaterThanOrEqual(5); // many intermediate states, not one jump
    const lengths = result.seen.map((t) => t.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b)); // it only ever grows
    expect(await page.textContent("#limits")).toMatch(/requests left this hour/);
    await page.close();
  });

  it("shows the origin message when the key is bound to a different origin", async () => {
    const { secret_key } = await provision({ allowed_origins: ["https://some-other-site.example"] });
    const page = await openPlugin(secret_key);
    const result = await ask(page);
    await screenshot(page, "plugin-origin-not-allowed");
    expect(result.state).toBe("error");
    expect(result.code).toBe("origin_not_allowed");
    expect(result.error).toContain("not allowed on this website");
    expect(result.answer).toBe("");
    await page.close();
  });

  it("shows the revoked message once the key is revoked", async () => {
    const made = await provision({ allowed_origins: [site.url] });
    await adminCall(gateway, "POST", `/modules/${made.module_id}/revoke`);
    const page = await openPlugin(made.secret_key);
    const result = await ask(page);
    await screenshot(page, "plugin-key-revoked");
    expect(result.code).toBe("key_revoked");
    expect(result.error).toContain("has been revoked");
    await page.close();
  });

  it("shows the rate-limit message with its retry time once the key's hourly limit is spent", async () => {
    const { secret_key } = await provision({ allowed_origins: [site.url], rate_limit_per_hour: 1 });
    const page = await openPlugin(secret_key);
    expect((await ask(page, "first")).state).toBe("done");
    const second = await ask(page, "second");
    await screenshot(page, "plugin-rate-limited");
    expect(second.code).toBe("rate_limited");
    expect(second.error).toMatch(/Too many requests for now\. Try again in \d+ seconds?\./);
    const seconds = Number(second.error.match(/Try again in (\d+)/)?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(3601);
    await page.close();
  });

  it("shows the per-visitor limit the same way, counted per client IP", async () => {
    const { secret_key } = await provision({ allowed_origins: [site.url], rate_limit_per_visitor_per_hour: 1 });
    const page = await openPlugin(secret_key);
    expect((await ask(page, "first")).state).toBe("done");
    const second = await ask(page, "second");
    expect(second.code).toBe("rate_limited");
    expect(second.error).toMatch(/Try again in \d+ seconds?/);
    await page.close();
  });
});
