import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../node/chromium";
import { adminCall, type Gateway, startTestGateway } from "./gateway";

const ROOT = resolve(import.meta.dirname, "../..");
const ARTIFACTS = join(ROOT, "test-artifacts");

let gateway: Gateway;
let browser: Browser;
beforeAll(async () => {
  [gateway, browser] = await Promise.all([startTestGateway(), launchChromium()]);
  mkdirSync(ARTIFACTS, { recursive: true });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

/** Polls under a shared machine's load: the default one second is too short when seven suites run. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A page connected with the admin key, failing the test on any console error or CSP violation. */
async function connectedPage(viewport = { width: 1200, height: 900 }): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  // Failed requests are recorded with their path (the console's "Failed to load resource" has none).
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) problems.push(msg.text());
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`${res.status()} ${new URL(res.url()).pathname}`);
  });
  page.on("pageerror", (err) => problems.push(err.message));
  page.on("dialog", (dialog) => dialog.accept(dialog.type() === "prompt" ? "0" : undefined));
  await page.goto(`${gateway.url}/admin`);
  await page.getByLabel("Admin key").fill(gateway.adminKey);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.waitForSelector("#who:has-text('connected')", { timeout: 30_000 });
  return { page, problems };
}

/** A chat call with a module key, as a plugin page would make it. */
function chat(key: string, content = "hello from the admin page test") {
  return fetch(`${gateway.url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: JSON.stringify({ model: "mock/echo", messages: [{ role: "user", content }] }),
  });
}

describe("admin page in headless Chromium", () => {
  it("provisions a key shown once with a Copy button, edits a limit, and the next request honours it", async () => {
    const { page, problems } = await connectedPage();
    await page.getByText("Provision a new key").click();
    await page.locator("#provision").getByLabel("Name").fill("page limit plugin");
    await page
      .locator("#provision")
      .getByLabel("Allowed origins (one per line)")
      .fill("https://a.example.com\nhttps://*.b.example.org");
    await page.getByRole("button", { name: "Provision key" }).click();
    await page.waitForSelector("#secret:not([hidden])");
    const secret = (await page.textContent("#secret-value")) ?? "";
    expect(secret).toMatch(/^egw_pub_[0-9A-Za-z]{49}$/);
    await page.getByRole("button", { name: "Copy key" }).click();
    await eventually(() => page.textContent("#copy-state")).toMatch(/Copied|Selected/);
    await screenshot(page, "admin-new-key");
    await page.getByRole("button", { name: "I have stored it" }).click();
    expect(await page.textContent("#secret-value")).toBe("");

    const made = (await adminCall(gateway, "GET", "/modules?q=page%20limit%20plugin")).modules[0];
    await page.getByRole("button", { name: "Open page limit plugin" }).click();
    const edit = page.locator("#edit");
    await eventually(() => edit.getByLabel("Requests per hour (per key)").inputValue()).toBe("");
    expect(await edit.getByLabel("Allowed origins (one per line)").inputValue()).toBe(
      "https://a.example.com\nhttps://*.b.example.org",
    );
    await edit.getByLabel("Requests per hour (per key)").fill("2");
    await edit.getByLabel("Allowed origins (one per line)").fill("");
    await edit.getByLabel("Allow the native passthrough (/providers/…)").check();
    await edit.getByLabel("web_search", { exact: true }).check();
    await page.getByRole("button", { name: "Save changes to page limit plugin" }).click();
    await eventually(() => page.textContent("#status")).toContain("Saved page limit plugin");
    const stored = await adminCall(gateway, "GET", `/modules/${made.module_id}`);
    expect(stored).toMatchObject({
      rate_limit_per_hour: 2,
      allowed_origins: [],
      allow_passthrough: true,
      allowed_builtin_tools: ["web_search"],
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await chat(secret)).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("draws the key's usage as SVG charts from the usage API, with the requests this test made, and its budget bar", async () => {
    const made = await adminCall(gateway, "POST", "/modules/provision", {
      name: "chart plugin",
      budget: { period: "day", tokens: 100_000 },
    });
    for (let i = 0; i < 3; i++) expect((await chat(made.secret_key, `chart request ${i}`)).status).toBe(200);
    // The figures the charts must show, as the usage API reports them once the three have settled.
    const path = `/modules/${made.module_id}/usage?granularity=hour`;
    const settled = async () => {
      const usage = await adminCall(gateway, "GET", path);
      const sum = (k: string) => usage.series.reduce((n: number, p: Record<string, number>) => n + (p[k] ?? 0), 0);
      return { requests: sum("requests"), prompt: sum("prompt_tokens"), completion: sum("completion_tokens") };
    };
    await eventually(async () => (await settled()).requests).toBe(3);
    const want = await settled();
    expect(want.prompt).toBeGreaterThan(0);
    expect(want.completion).toBeGreaterThan(0);

    const { page, problems } = await connectedPage();
    await page.getByRole("button", { name: "Open chart plugin" }).click();
    const requests = page.locator('#usage svg[data-chart="Requests"]');
    await requests.waitFor();
    expect(await requests.getAttribute("aria-label")).toBe(`Requests: ${want.requests} requests, 0 rejected`);
    // One bar per hour with requests; their values add up to what the API reported.
    const bars = await requests
      .locator("rect.bar-requests")
      .evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-value"))));
    expect(bars.reduce((a, b) => a + b, 0)).toBe(3);
    expect(await page.locator('#usage svg[data-chart="Tokens"]').getAttribute("aria-label")).toBe(
      `Tokens: ${want.prompt} prompt tokens, ${want.completion} completion tokens`,
    );
    const spent = want.prompt + want.completion;
    await eventually(() => page.locator(".budget-bar").textContent()).toContain(`${spent.toLocaleString("en")} tokens`);
    await page.getByLabel("Usage shown").selectOption("day");
    await eventually(() =>
      page
        .locator('#usage svg[data-chart="Requests"] rect.bar-requests')
        .evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-value")))),
    ).toEqual([3]);
    await screenshot(page, "admin-usage-chart");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("offers every field PATCH accepts in the edit form, each with a label", async () => {
    const made = await adminCall(gateway, "POST", "/modules/provision", { name: "every field" });
    const { page, problems } = await connectedPage();
    await page.getByRole("button", { name: "Open every field" }).click();
    await page.waitForSelector("#edit");
    const doc = await (await fetch(`${gateway.url}/openapi.json`)).json();
    const patchFields = Object.keys(doc.components.schemas.PatchModuleRequest.properties);
    expect(patchFields.length).toBeGreaterThanOrEqual(7);
    for (const name of patchFields) {
      const control = page.locator(`#edit-${name}`);
      expect(await control.count(), `no control for ${name}`).toBe(1);
      const labelled = await control.evaluate((el) =>
        el.tagName === "FIELDSET" ? el.querySelector("legend") !== null : (el as HTMLInputElement).labels?.length === 1,
      );
      expect(labelled, `${name} has no label`).toBe(true);
    }
    // Every control on the page has an accessible name.
    const unlabelled = await page.$$eval("input, select, textarea", (els) =>
      els
        .filter(
          (el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute("aria-label") && !el.closest("label"),
        )
        .map((el) => el.id || el.getAttribute("name") || el.outerHTML.slice(0, 60)),
    );
    expect(unlabelled).toEqual([]);
    expect(made.module_id).toMatch(/^mod_/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("disables and enables a key from its row (buttons named with the module), and searches and filters", async () => {
    const made = await adminCall(gateway, "POST", "/modules/provision", { name: "switch me" });
    await adminCall(gateway, "POST", "/modules/provision", { name: "leave me" });
    const { page, problems } = await connectedPage();
    await page.getByLabel("Search by name").fill("switch me");
    const row = page.locator(`tr[data-module-id="${made.module_id}"]`);
    await eventually(() => page.locator("#modules tr").count()).toBe(1);
    await page.getByRole("button", { name: "Disable switch me" }).click();
    await eventually(() => row.textContent()).toContain("disabled");
    expect((await chat(made.secret_key)).status).toBe(403);
    await page.getByLabel("Status").selectOption("disabled");
    await eventually(() => page.locator("#modules tr[data-module-id]").count()).toBe(1);
    await screenshot(page, "admin-disabled-filter");
    await page.getByRole("button", { name: "Enable switch me" }).click();
    await eventually(() => page.textContent("#modules")).toContain("No keys match.");
    expect((await chat(made.secret_key)).status).toBe(200);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("sends a rotation that lost a race (409 with Retry-After) again, saying so, and shows the new key", async () => {
    const made = await adminCall(gateway, "POST", "/modules/provision", { name: "raced rotation" });
    const { page, problems } = await connectedPage();
    let calls = 0;
    // The first two rotations lose a race to another admin, as the gateway answers that case.
    await page.route(`**/api/v1/modules/${made.module_id}/rotate`, async (route) => {
      calls++;
      if (calls <= 2) {
        await route.fulfill({
          status: 409,
          headers: { "content-type": "application/json", "retry-after": "1" },
          body: JSON.stringify({ error: { code: "conflict", message: "Another change to this module landed first." } }),
        });
        return;
      }
      await route.continue();
    });
    await page.getByRole("button", { name: "Rotate raced rotation" }).click();
    await eventually(() => page.textContent("#status")).toContain("landed first; sending yours again in 1 s");
    await page.waitForSelector("#secret:not([hidden])", { timeout: 15_000 });
    expect(await page.textContent("#secret-value")).toMatch(/^egw_pub_[0-9A-Za-z]{49}$/);
    expect(calls).toBe(3);
    expect(await page.textContent("#error")).toBe("");
    // The 409s were the test's own: only they may appear as failed responses.
    expect(problems).toEqual([
      `409 /api/v1/modules/${made.module_id}/rotate`,
      `409 /api/v1/modules/${made.module_id}/rotate`,
    ]);
    await page.close();
  });

  it("imports a legacy key typed once into a password field", async () => {
    const legacy = "ab".repeat(32);
    const { page, problems } = await connectedPage();
    await page.getByText("Import a key from an older system").click();
    const form = page.locator("#import");
    await form.getByLabel("Name").fill("imported on the page");
    const secretInput = form.getByLabel("Existing key (typed once, never shown again)");
    expect(await secretInput.getAttribute("type")).toBe("password");
    await secretInput.fill(legacy);
    await page.getByRole("button", { name: "Import key" }).click();
    await eventually(() => page.textContent("#status")).toContain("Imported imported on the page");
    expect(await secretInput.inputValue()).toBe("");
    expect(await page.content()).not.toContain(legacy);
    expect((await chat(legacy)).status).toBe(200);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("manages an account's provider keys: the key is typed once and only its last four are shown", async () => {
    const account = await adminCall(gateway, "POST", "/accounts", { name: "Acme plugins" });
    const providerKey = `sk-test-${"x".repeat(20)}WXYZ`;
    const { page, problems } = await connectedPage();
    await page.getByRole("button", { name: "Accounts" }).click();
    await page.getByRole("button", { name: "Open Acme plugins" }).click();
    await page.getByLabel("Provider", { exact: true }).selectOption("openai");
    await page.getByLabel("API key (stored encrypted, never shown again)").fill(providerKey);
    await page.getByRole("button", { name: "Save provider key for Acme plugins" }).click();
    const rows = page.locator("#provider-keys");
    await eventually(() => rows.textContent()).toContain("…WXYZ");
    expect(await page.getByLabel("API key (stored encrypted, never shown again)").inputValue()).toBe("");
    expect(await page.content()).not.toContain(providerKey);
    await screenshot(page, "admin-account-provider-keys");
    await page.getByRole("button", { name: "Delete openai key of Acme plugins" }).click();
    await eventually(() => rows.textContent()).toContain("None");
    const listed = await adminCall(gateway, "GET", `/accounts/${account.account_id}/provider-keys`);
    expect(listed.provider_keys).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("fits a 400 px wide screen: no horizontal scrolling, every row action reachable", async () => {
    await adminCall(gateway, "POST", "/modules/provision", {
      name: "a plugin with a rather long name for a narrow phone screen",
      allowed_origins: ["https://very-long-subdomain-name.example.com"],
    });
    const { page, problems } = await connectedPage({ width: 400, height: 800 });
    await page.waitForSelector("#modules tr[data-module-id]");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const button = page.getByRole("button", {
      name: "Disable a plugin with a rather long name for a narrow phone screen",
    });
    const box = await button.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 400).toBe(true);
    await screenshot(page, "admin-400px");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the API's error message for a wrong admin key", async () => {
    const page = await browser.newPage();
    await page.goto(`${gateway.url}/admin`);
    await page.getByLabel("Admin key").fill("not-the-key");
    await page.getByRole("button", { name: "Connect" }).click();
    await eventually(() => page.textContent("#error")).toContain("invalid_key");
    expect(await page.isHidden("#workspace")).toBe(true);
    await page.close();
  });
});

describe("embedded admin page files", () => {
  it("are current: src/admin-page/assets.generated.ts matches src/admin-page/assets/", async () => {
    const run = promisify(execFile);
    const result = await run(process.execPath, [join(ROOT, "scripts/embed-admin-assets.mjs"), "--check"]).catch(
      (err: { stderr: string; code: number }) => err,
    );
    expect("code" in result ? result.stderr : "").toBe("");
  });
});
