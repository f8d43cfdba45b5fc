// The bench's only Worker-starting code: build a Worker with wrangler, serve it with Miniflare
// (one workerd process, loopback, local D1/KV/DO persisted in a temp dir), provision keys through
// the admin API, drive routes with autocannon bounded in requests and time, and run the fake
// upstream in its own Node process.
import { fork, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { Miniflare, supportedCompatibilityDate } from "miniflare";

const ROOT = resolve(import.meta.dirname, "..");
const GATEWAY_CONFIG = join(ROOT, "wrangler.toml");
/**
 * Where served Workers keep their local D1, KV and Durable Object state: memory (/dev/shm) where
 * there is one. On disk, every Durable Object write's commit waits for an fsync, which on a shared
 * machine measures the disk's queue, not the Worker (production storage is replicated, not a
 * local fsync). BENCH_STATE_DIR overrides it.
 */
const STATE_DIR = process.env.BENCH_STATE_DIR || (existsSync("/dev/shm") ? "/dev/shm" : tmpdir());

/** Worker name → the gzip KiB `wrangler deploy` would upload, as its last build here printed it. */
export const uploadKiB = new Map();

/**
 * `wrangler deploy --dry-run --outdir bench/.out/<name>` for the Worker that `config` describes
 * (`minify: false` overrides the config, for readable profiles); returns the bundle path. Throws with wrangler's output when the build fails.
 */
export function buildWorker({ config = GATEWAY_CONFIG, name = "gateway", minify } = {}) {
  const outdir = join(ROOT, "bench", ".out", name);
  const wrangler = join(ROOT, "node_modules", ".bin", "wrangler");
  const args = ["deploy", "--dry-run", "--config", config, "--outdir", outdir];
  if (minify === false) args.push("--no-minify");
  const run = spawnSync(wrangler, args, { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`wrangler build of ${config} failed:\n${run.stdout}\n${run.stderr}`);
  const gzip = run.stdout.match(/gzip:\s*([\d.]+)\s*KiB/)?.[1];
  uploadKiB.set(name, gzip ? Number(gzip) : null);
  const main = readFileSync(config, "utf8").match(/^main\s*=\s*"([^"]+)"/m)?.[1] ?? "index.js";
  return join(outdir, `${basename(main).replace(/\.[cm]?[jt]s$/, "")}.js`);
}

/**
 * Builds the gateway as it was at git `ref` (a commit, branch or tag), for a before/after in one
 * run: a temporary detached worktree that borrows this checkout's node_modules, removed after.
 */
export function buildWorkerAt(ref, name = "gateway-before") {
  const dir = mkdtempSync(join(tmpdir(), "egw-ref-"));
  const git = (...args) => {
    const run = spawnSync("git", ["-C", ROOT, ...args], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${run.stderr}`);
  };
  git("worktree", "add", "--detach", dir, ref);
  try {
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    return buildWorker({ config: join(dir, "wrangler.toml"), name });
  } finally {
    git("worktree", "remove", "--force", dir);
  }
}

/** The flat string `[vars]` (all this project uses) and compatibility settings of a wrangler.toml. */
export function wranglerConfig(config) {
  const toml = readFileSync(config, "utf8");
  const section = toml.split(/^\[vars\]\s*$/m)[1]?.split(/^\[/m)[0] ?? "";
  const vars = {};
  for (const m of section.matchAll(/^([A-Z0-9_]+)\s*=\s*"([^"]*)"/gm)) vars[m[1]] = m[2];
  const configured = toml.match(/^compatibility_date\s*=\s*"([^"]+)"/m)?.[1];
  const flags = toml.match(/^compatibility_flags\s*=\s*\[([^\]]*)\]/m)?.[1] ?? "";
  // Miniflare 4's workerd supports dates only up to its own `supportedCompatibilityDate`, which
  // is older than wrangler.toml's; use the older of the two. This is the one place that knows.
  const compatibilityDate =
    configured && configured < supportedCompatibilityDate ? configured : supportedCompatibilityDate;
  const compatibilityFlags = [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  return { vars, compatibilityDate, compatibilityFlags };
}

/**
 * Drops workerd's standard output and passes its errors through, minus the "disconnected" errors (and their stack lines) that it
 * prints when autocannon closes its keep-alive connections at the end of a run.
 */
function quietRuntimeStdio(stdout, stderr) {
  // Log lines (the gateway writes one per AI request) are read and dropped: workerd still pays
  // for writing them, but relaying thousands per second would load the bench process itself.
  stdout.resume();
  let dropStack = false;
  createInterface({ input: stderr }).on("line", (text) => {
    const dropped = text.includes("disconnected: ::write") || (dropStack && text.startsWith("stack:"));
    dropStack = text.includes("disconnected: ::write");
    if (!dropped) process.stderr.write(`${text}\n`);
  });
}

/**
 * Serves a built Worker with Miniflare on 127.0.0.1: `bindings` over the config's `[vars]`, plus
 * any further Miniflare worker options (`d1Databases`, `kvNamespaces`, `durableObjects`) and
 * instance options in `shared` (`inspectorPort`). Local storage lives in a temporary directory
 * that `stop()` removes. Returns `{url, mf, pid, stop}`.
 */
export async function serveWorker({ config = GATEWAY_CONFIG, scriptPath, bindings = {}, shared = {}, ...options }) {
  const { vars, compatibilityDate, compatibilityFlags } = wranglerConfig(config);
  const before = new Set(workerdChildren());
  const persist = mkdtempSync(join(STATE_DIR, "egw-bench-"));
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    handleRuntimeStdio: quietRuntimeStdio,
    d1Persist: join(persist, "d1"),
    kvPersist: join(persist, "kv"),
    durableObjectsPersist: join(persist, "do"),
    ...shared,
    workers: [
      {
        name: basename(dirname(scriptPath)),
        scriptPath,
        modules: true,
        compatibilityDate,
        compatibilityFlags,
        bindings: { ...vars, ...bindings },
        ...options,
      },
    ],
  });
  const url = (await mf.ready).toString().replace(/\/$/, "");
  return {
    url,
    mf,
    /** The workerd process serving this Worker (null where /proc is not available). */
    pid: workerdChildren().find((pid) => !before.has(pid)) ?? null,
    stop: async () => {
      await mf.dispose();
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

/** Pids of this process's workerd children (Miniflare starts one per instance), from /proc. */
function workerdChildren() {
  const pids = [];
  let entries = [];
  try {
    entries = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return pids;
  }
  for (const dir of entries) {
    try {
      const stat = readFileSync(`/proc/${dir}/stat`, "utf8");
      const m = stat.match(/^(\d+) \((.*)\) \S (\d+)/);
      if (m && m[2] === "workerd" && Number(m[3]) === process.pid) pids.push(Number(m[1]));
    } catch {}
  }
  return pids;
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat;
 * null when it cannot be read. Ticks are 10 ms, so a difference over thousands of requests
 * gives microseconds per request to a few percent.
 */
export function cpuSecondsOf(pid) {
  if (pid === null) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // After "pid (comm) ", field 14 (utime) and 15 (stime) are at indexes 11 and 12.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** SQL statements of every migration, in file order (drizzle's breakpoints, else semicolons). */
export function migrationStatements() {
  const dir = join(ROOT, "migrations");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split(/--> statement-breakpoint|;\s*$/m))
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Serves the built gateway with its D1, KV and Durable Object bindings, fresh secrets, the mock
 * provider on and `extraVars` over wrangler.toml's vars, then applies the migrations.
 * Returns `{url, adminKey, stop}`.
 */
export async function startGateway({ scriptPath, extraVars = {}, shared = {} }) {
  const adminKey = `admin_${randomBytes(24).toString("base64url")}`;
  const worker = await serveWorker({
    scriptPath,
    bindings: {
      ENABLE_MOCK_PROVIDER: "true",
      ADMIN_API_KEY: adminKey,
      KEY_HASH_SECRET: randomBytes(32).toString("base64url"),
      PROVIDER_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      ...extraVars,
    },
    d1Databases: { DB: "bench-db" },
    kvNamespaces: ["KEY_CACHE"],
    shared,
    durableObjects: { MODULE_AUTHORITY: { className: "ModuleAuthority", useSQLite: true } },
    // As wrangler.toml's [[ratelimits]]: the failed-authentication shield.
    ratelimits: { AUTH_FAILURES: { simple: { limit: 20, period: 60 } } },
  });
  const db = await worker.mf.getD1Database("DB");
  for (const sql of migrationStatements()) await db.prepare(sql).run();
  return { url: worker.url, adminKey, pid: worker.pid, mf: worker.mf, stop: worker.stop };
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
 * Drives one request shape with autocannon, bounded by `seconds` and `maxRequests`, after a
 * warm-up of `warmupSeconds` (JIT, KV fill, Durable Object start) whose figures are discarded.
 * Returns rps (mean), p50/p99 latency in ms, the status tally and, given the serving workerd's
 * `pid`, its CPU microseconds per request over the measured part.
 */
export async function load({
  url,
  method = "GET",
  headers = {},
  body,
  connections = 10,
  seconds = 6,
  warmupSeconds = 1,
  maxRequests = 200_000,
  pid = null,
}) {
  const target = { url, method, headers, body, connections };
  if (warmupSeconds > 0) await autocannon({ ...target, duration: warmupSeconds, maxOverallRequests: 5_000 });
  const cpuBefore = cpuSecondsOf(pid);
  const result = await autocannon({ ...target, duration: seconds, maxOverallRequests: maxRequests });
  const cpuAfter = cpuSecondsOf(pid);
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    okRps: result["2xx"] / (result.duration || seconds),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuUs:
      cpuBefore === null || cpuAfter === null || result.requests.total === 0
        ? null
        : ((cpuAfter - cpuBefore) * 1e6) / result.requests.total,
  };
}

/**
 * Starts the fake upstream (test/node/fake-upstream.ts) in a child Node process, so its event loop
 * never shares a core's time slices with autocannon's. Returns `{url, stop}`.
 */
export async function startUpstream() {
  const child = fork(join(ROOT, "bench", "upstream-process.mjs"), [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const url = await new Promise((resolveUrl, reject) => {
    child.once("message", (m) => resolveUrl(m.url));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`fake upstream exited with ${code} before listening`)));
  });
  return {
    url,
    stop: () =>
      new Promise((done) => {
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}
