import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN_ASSETS } from "../../src/admin-page/assets.generated";
import { call, expectError } from "../helpers/api";

describe("admin page", () => {
  it("serves /admin under a strict Content-Security-Policy with no inline script or style and no secret", async () => {
    const res = await call("/admin");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toMatch(/https?:/);
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/admin/app.js"></script>');
    expect(html).not.toMatch(/<script>|<style>|\sstyle=|\son[a-z]+=/i);
    expect(html).not.toContain(env.ADMIN_API_KEY);
  });

  it("serves every script and the stylesheet as files with their type and the same policy", async () => {
    for (const name of Object.keys(ADMIN_ASSETS).filter((n) => n !== "index.html")) {
      const res = await call(`/admin/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get("content-type")).toContain(name.endsWith(".js") ? "text/javascript" : "text/css");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(await res.text()).toBe(ADMIN_ASSETS[name]?.body);
    }
  });

  it("answers 404 not_found for a file the page does not have, and for paths that try to leave the folder", async () => {
    await expectError(await call("/admin/nosuch.js"), 404, "not_found");
    await expectError(await call("/admin/..%2fapp.ts"), 404, "not_found");
    await expectError(await call("/admin/index.html.js"), 404, "not_found");
  });

  it("loads nothing from another origin", () => {
    for (const [name, asset] of Object.entries(ADMIN_ASSETS)) {
      expect(asset.body, name).not.toMatch(/(?:src|href)=["']?(?:https?:)?\/\//);
      expect(asset.body, name).not.toMatch(/import[^;]*from\s+["'](?:https?:)?\/\//);
    }
  });
});
