import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { Miniflare } from "miniflare";
import { afterAll, describe, expect, inject, it } from "vitest";
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from "wrangler";
import { migrationStatements, wranglerConfig } from "../../bench/harness.mjs";

/**
 * The class rename RateLimiter → ModuleAuthority must keep every existing object's state.
 *
 * On Cloudflare, a `renamed_classes` migration keeps the namespace: the same ids (idFromName)
 * reach the same storage under the new class name. Miniflare applies no migrations; it keys an
 * object's storage and ids by "<worker>-<class>". So this test runs the built gateway twice over
 * one persisted directory: first under the class name that v1 created (RateLimiter), then under
 * ModuleAuthority with the storage key that wrangler.toml's migrations map it back to, which is
 * what the platform does. A third run without that mapping shows the state would otherwise be gone.
 */
const CONFIG = resolve(import.meta.dirname, "../../wrangler.toml");
const ADMIN_KEY = `admin_${randomBytes(24).toString("base64url")}`;
const SECRETS = {
  ADMIN_API_KEY: ADMIN_KEY,
  KEY_HASH_SECRET: randomBytes(32).toString("base64url"),
  PROVIDER_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  ENABLE_MOCK_PROVIDER: "true",
};
const persist = mkdtempSync(join(tmpdir(), "egw-rename-"));
afterAll(() => rmSync(persist, { recursive: true, force: true }));

/** The class a current class was first created as, following wrangler.toml's renamed_classes back. */
function originalClassOf(className: string): string {
  const migrations = unstable_readConfig({ config: CONFIG }).migrations;
  let name = className;
  for (const migration of [...migrations].reverse()) {
    const renamed = migration.renamed_classes?.find((r: { from: string; to: string }) => r.to === name);
    if (renamed) name = renamed.from;
  }
  return name;
}

/** Serves the built gateway with its Durable Object exported as `className`, state in `persist`. */
async function serve(className: string, uniqueKey?: string) {
  const scriptPath = inject("workerScriptPath");
  const { compatibilityDate, compatibilityFlags } = wranglerConfig(CONFIG);
  const name = basename(dirname(scriptPath));
  const entry = join(dirname(scriptPath), "rename-entry.js");
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    d1Persist: join(persist, "d1"),
    kvPersist: join(persist, "kv"),
    durableObjectsPersist: join(persist, "do"),
    workers: [
      {
        name,
        compatibilityDate,
        compatibilityFlags,
        modules: [
          {
            type: "ESModule",
            path: entry,
            contents: `export { default } from "./index.js";\nexport { ModuleAuthority as ${className} } from "./index.js";\n`,
          },
          { type: "ESModule", path: scriptPath, contents: readFileSync(scriptPath, "utf8") },
        ],
        bindings: SECRETS,
        d1Databases: { DB: "rename-db" },
        kvNamespaces: ["KEY_CACHE"],
        durableObjects: { MODULE_AUTHORITY: { className, useSQLite: true, unsafeUniqueKey: uniqueKey } },
      },
    ],
  });
  const url = (await mf.ready).toString().replace(/\/$/, "");
  return { mf, url, name };
}

const models = (url: string, key: string) => fetch(`${url}/api/v1/models`, { headers: { "x-api-key": key } });

describe("renaming the module's Durable Object class", () => {
  it("declares the rename in wrangler.toml, so wrangler keeps ModuleAuthority SQLite-backed", () => {
    expect(originalClassOf("ModuleAuthority")).toBe("RateLimiter");
    const { workerOptions } = unstable_getMiniflareWorkerOptions(CONFIG);
    expect(workerOptions.durableObjects).toEqual({
      MODULE_AUTHORITY: { className: "ModuleAuthority", useSQLite: true },
    });
  });

  it("keeps an existing object's counted requests across the rename", async () => {
    // Before: the class as v1 created it. Three of the key's three requests this hour are used.
    const before = await serve("RateLimiter");
    const db = await before.mf.getD1Database("DB");
    for (const sql of migrationStatements()) await db.prepare(sql).run();
    const res = await fetch(`${before.url}/api/v1/modules/provision`, {
      method: "POST",
      headers: { "x-api-key": ADMIN_KEY, "content-type": "application/json" },
      body: JSON.stringify({ name: "renamed", rate_limit_per_hour: 3 }),
    });
    expect(res.status).toBe(201);
    const { secret_key: key } = (await res.json()) as { secret_key: string };
    for (let i = 0; i < 3; i++) expect((await models(before.url, key)).status).toBe(200);
    await before.mf.dispose();

    // After: ModuleAuthority over the storage its migrations map it to. The fourth request is refused.
    const after = await serve("ModuleAuthority", `${before.name}-${originalClassOf("ModuleAuthority")}`);
    const refused = await models(after.url, key);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    await after.mf.dispose();

    // Control: the same class without the rename's mapping starts empty, so the state above came through it.
    const unmapped = await serve("ModuleAuthority");
    const fresh = await models(unmapped.url, key);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("x-ratelimit-remaining")).toBe("2");
    await unmapped.mf.dispose();
  });
});
