import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { generateKey } from "../../src/keys/format";
import { call, expectError, expectStatus, provision } from "../helpers/api";

type Operation = { security?: Array<Record<string, string[]>> };
type Document = { security?: Array<Record<string, string[]>>; paths: Record<string, Record<string, Operation>> };
type Route = { method: string; path: string; url: string };

/** A value for each path parameter the documented routes take. */
const PARAMS: Record<string, string> = { provider: "openai", path: "chat/completions", model: "mock/echo" };

/** The documented routes of each auth scheme, derived from /openapi.json, with their paths filled in. */
async function documentedRoutes(): Promise<Record<"AdminKey" | "ModuleKey" | "public", Route[]>> {
  const doc = await expectStatus<Document>(await call("/openapi.json"), 200);
  const out: Record<"AdminKey" | "ModuleKey" | "public", Route[]> = { AdminKey: [], ModuleKey: [], public: [] };
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const schemes = (op.security ?? doc.security ?? []).flatMap((s) => Object.keys(s));
      const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => PARAMS[name] ?? `x_${name}`);
      const route = { method: method.toUpperCase(), path, url };
      if (schemes.length === 0) out.public.push(route);
      else for (const scheme of schemes) out[scheme as "AdminKey" | "ModuleKey"].push(route);
    }
  }
  return out;
}

const send = (route: Route, headers: Record<string, string> = {}) =>
  call(route.url, {
    method: route.method,
    headers,
    ...(["POST", "PUT", "PATCH"].includes(route.method) ? { body: {} } : {}),
  });

describe("auth bound to every documented route", () => {
  it("documents admin and AI routes, and no /api route without a key", async () => {
    const routes = await documentedRoutes();
    expect(routes.AdminKey.length).toBeGreaterThan(10);
    expect(routes.ModuleKey.length).toBeGreaterThan(4);
    expect(routes.AdminKey.map((r) => r.path)).toContain("/api/v1/accounts/{id}/provider-keys/{provider}");
    expect(routes.public.filter((r) => r.path.startsWith("/api/"))).toEqual([]);
  });

  it("refuses every admin route without a key, with a wrong key and with a module key", async () => {
    const { AdminKey } = await documentedRoutes();
    const moduleKey = (await provision()).secret_key;
    for (const route of AdminKey) {
      const where = `${route.method} ${route.path}`;
      expect(await expectError(await send(route), 401, "missing_key"), where).toMatch(/admin key/);
      await expectError(await send(route, { "x-api-key": `${env.ADMIN_API_KEY}x` }), 401, "invalid_key");
      await expectError(await send(route, { authorization: `Bearer ${moduleKey}` }), 401, "invalid_key");
    }
  });

  it("refuses every AI route without a key, with a wrong key and with the admin key", async () => {
    const { ModuleKey } = await documentedRoutes();
    for (const route of ModuleKey) {
      const where = `${route.method} ${route.path}`;
      expect(await expectError(await send(route), 401, "missing_key"), where).toMatch(/module key/);
      await expectError(await send(route, { "x-api-key": generateKey() }), 401, "invalid_key");
      await expectError(await send(route, { "x-api-key": env.ADMIN_API_KEY }), 401, "invalid_key");
    }
  });
});
