// Reusable bench harness: build the Worker once, serve it with Miniflare (one workerd process,
// loopback, local D1/KV/DO persisted in a temp dir), provision keys through the admin API, and
// drive routes with autocannon, bounded in requests and time.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { Miniflare, supportedCompatibilityDate } from "miniflare";

const ROOT = resolve(import.meta.dirname, "..");
const OUT = join(ROOT, "bench", ".out", "worker");

/** `wrangler deploy --dry-run --outdir bench/.out/worker`; returns the bundle path. */
export function buildWorker() {
  const wrangler = join(ROOT, "node_modules", ".bin", "wrangler");
  const run = spawnSync(wrangler, ["deploy", "--dry-run", "--outdir", OUT], { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`wrangler build failed:\n${run.stdout}\n${run.stderr}`);
  return join(OUT, "index.js");
}

/** The `[vars]` of wrangler.toml (flat string values only, which is all this project uses). */
function wranglerVars() {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const section = toml.split(/^\[vars\]\s*$/m)[1]?.split(/^\[/m)[0] ?? "";
  const vars = {};
  for (const m of section.matchAll(/^([A-Z0-9_]+)\s*=\s*"([^"]*)"/gm)) vars[m[1]] = m[2];
  const compat = toml.match(/^compatibility_date\s*=\s*"([^"]+)"/m)?.[1];
  return { vars, compatibilityDate: compat };
}

/** SQL statements of every migration, in file order (drizzle's breakpoints, else semicolons). */
function migrationStatements() {
  const dir = join(ROOT, "migrations");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split(/--> statement-breakpoint|;\s*$/m))
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Starts the built gateway on 127.0.0.1 with fresh secrets and `extraVars` over wrangler.toml's
 * vars. Returns its URL, the admin key and `stop()`.
 */
export async function startGateway({ scriptPath, extraVars = {} }) {
  const { vars, compatibilityDate: configured } = wranglerVars();
  // Miniflare 4's workerd may be older than wrangler.toml's date; use the newest it supports.
  const compatibilityDate =
    configured && configured < supportedCompatibilityDate ? configured : supportedCompatibilityDate;
  const adminKey = `admin_${randomBytes(24).toString("base64url")}`;
  const persist = mkdtempSync(join(tmpdir(), "egw-bench-"));
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    d1Persist: join(persist, "d1"),
    kvPersist: join(persist, "kv"),
    durableObjectsPersist: join(persist, "do"),
    workers: [
      {
        name: "edge-ai-gateway",
        scriptPath,
        modules: true,
        compatibilityDate,
        compatibilityFlags: ["nodejs_compat"],
        bindings: {
          ...vars,
          ENABLE_MOCK_PROVIDER: "true",
          ADMIN_API_KEY: adminKey,
          KEY_HASH_SECRET: randomBytes(32).toString("base64url"),
          PROVIDER_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
          ...extraVars,
        },
        d1Databases: { DB: "bench-db" },
        kvNamespaces: ["KEY_CACHE"],
        durableObjects: { RATE_LIMITER: { className: "RateLimiter", useSQLite: true } },
      },
    ],
  });
  const url = (await mf.ready).toString().replace(/\/$/, "");
  const db = await mf.getD1Database("DB");
  for (const sql of migrationStatements()) await db.prepare(sql).run();
  return {
    url,
    adminKey,
    stop: async () => {
      await mf.dispose();
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

/** Provisions a module through the admin API; returns `{secret_key, module_id, ...}`. */
export async function provision(gateway, body = {}) {
  const res = await fetch(`${gateway.url}/api/v1/modules/provision`, {
    method: "POST",
    headers: { "x-api-key": gateway.adminKey, "content-type": "application/json" },
    body: JSON.stringify({ name: `bench-${Date.now()}`, ...body }),
  });
  if (res.status !== 201) throw new Error(`provision failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Drives one request shape with autocannon, bounded by `seconds` and `maxRequests`.
 * Returns rps (mean), p50/p99 latency in ms and the status tally.
 */
export async function load({
  url,
  method = "GET",
  headers = {},
  body,
  connections = 10,
  seconds = 6,
  maxRequests = 200_000,
}) {
  const result = await autocannon({
    url,
    method,
    headers,
    body,
    connections,
    duration: seconds,
    maxOverallRequests: maxRequests,
  });
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
