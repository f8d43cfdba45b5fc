import { describe, expect, it } from "vitest";
import { call, expectError, expectStatus } from "../helpers/api";

describe("meta routes", () => {
  it("serves GET /health", async () => {
    expect(await expectStatus(await call("/health"), 200)).toEqual({ status: "ok" });
  });

  it("serves an OpenAPI 3.1 document generated from the validating schemas", async () => {
    const doc = await expectStatus<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      await call("/openapi.json"),
      200,
    );
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/api/v1/modules/provision",
      "/api/v1/modules",
      "/api/v1/modules/{id}",
      "/api/v1/modules/{id}/revoke",
      "/api/v1/modules/{id}/rotate",
      "/api/v1/accounts",
      "/api/v1/accounts/{id}",
      "/api/v1/models",
      "/health",
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(JSON.stringify(doc.paths["/api/v1/modules/provision"])).toContain("#/components/schemas/ProvisionRequest");
    const schemas = (doc as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas;
    expect(JSON.stringify(schemas.ProvisionRequest)).toContain("expires_in_days");
  });

  it("serves a readable docs page beside it", async () => {
    const res = await call("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("/api/v1/modules/provision");
    expect(html).toContain("/openapi.json");
    expect(html).toContain("expires_in_days"); // request schemas are shown resolved, not as bare $refs
  });

  it("answers unknown routes with 404 not_found in the contract's shape", async () => {
    await expectError(await call("/nope"), 404, "not_found");
    await expectError(await call("/api/v1/nope"), 404, "not_found");
  });
});

describe("API reference", () => {
  type Op = { security?: Array<Record<string, string[]>>; responses?: Record<string, unknown> };
  type Doc = {
    security: Array<Record<string, string[]>>;
    paths: Record<string, Record<string, Op>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  const docOf = async () => expectStatus<Doc>(await call("/openapi.json"), 200);

  it("publishes error codes as an enum with every code of the closed list", async () => {
    const { ERROR_STATUS } = await import("../../src/errors/codes");
    const doc = await docOf();
    const error = JSON.stringify(doc.components.schemas.Error);
    for (const code of Object.keys(ERROR_STATUS)) expect(error).toContain(`"${code}"`);
    expect(error).toContain('"enum"');
  });

  it("documents the passthrough, import, disable/enable and the account list", async () => {
    const doc = await docOf();
    expect(Object.keys(doc.paths["/api/v1/providers/{provider}/{path}"] ?? {})).toEqual(
      expect.arrayContaining(["get", "post"]),
    );
    expect(doc.paths["/api/v1/providers/{provider}/{path}"]?.post?.security).toEqual([{ ModuleKey: [] }]);
    for (const path of ["/api/v1/modules/import", "/api/v1/modules/{id}/disable", "/api/v1/modules/{id}/enable"]) {
      expect(doc.paths[path]?.post, path).toBeDefined();
    }
    expect(doc.paths["/api/v1/accounts"]?.get).toBeDefined();
  });

  it("shows on /docs the auth each route really takes: admin key by default, module key for AI, none for /health", async () => {
    const html = await (await call("/docs")).text();
    const sectionOf = (method: string, path: string) => {
      const start = html.indexOf(`<span class="m">${method}</span> <code>${path}</code>`);
      expect(start, `${method} ${path} on /docs`).toBeGreaterThan(-1);
      return html.slice(start, html.indexOf("</section>", start));
    };
    expect(sectionOf("POST", "/api/v1/modules/provision")).toContain("<b>Auth:</b> AdminKey");
    expect(sectionOf("GET", "/api/v1/accounts")).toContain("<b>Auth:</b> AdminKey");
    expect(sectionOf("POST", "/api/v1/chat/completions")).toContain("<b>Auth:</b> ModuleKey");
    expect(sectionOf("GET", "/health")).toContain("<b>Auth:</b> none");
    expect(html).not.toMatch(/provision<\/code><\/h3>[\s\S]{0,400}Auth:<\/b> none/);
  });

  it("answers GET / with a page pointing to /docs and /admin", async () => {
    const res = await call("/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/docs"');
    expect(html).toContain('href="/admin"');
  });
});
