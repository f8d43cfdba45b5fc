#!/usr/bin/env node
// `npm run bench:chat`: POST /chat/completions through the gateway (warm key, fake upstream on
// loopback) against the same request through a bare Hono proxy Worker, both built by wrangler and
// served by Miniflare the same way; plus time to first byte of a stream, gateway vs upstream.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { Miniflare } from "miniflare";
import { startFakeUpstream } from "../test/node/fake-upstream.ts";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
// miniflare 4 bundles an older workerd than wrangler.toml targets; its newest date is used here.
const COMPAT = { compatibilityDate: "2026-05-03", compatibilityFlags: ["nodejs_compat"] };

function build(args, outdir) {
  const res = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", resolve(outdir), ...args], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (res.status !== 0) throw new Error(`wrangler build failed for ${outdir}`);
}

async function applyMigrations(db) {
  for (const file of readdirSync("migrations")
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    const statements = readFileSync(join("migrations", file), "utf8").split("--> statement-breakpoint");
    for (const sql of statements) if (sql.trim()) await db.prepare(sql).run();
  }
}

function load(url, init) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, method: "POST", ...init }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

async function ttfb(url, init, samples = 30) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const res = await fetch(url, init);
    const reader = res.body.getReader();
    await reader.read();
    times.push(performance.now() - t0);
    await reader.cancel();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const upstream = await startFakeUpstream();
const state = mkdtempSync(join(tmpdir(), "bench-chat-"));
build([], "bench/.out/gateway");
build(["--config", "bench/bare-proxy/wrangler.toml"], "bench/.out/bare");

const admin = `admin_${randomBytes(24).toString("base64url")}`;
const providerKey = `sk-bench-${randomBytes(12).toString("hex")}`;
const gateway = new Miniflare({
  host: "127.0.0.1",
  port: 0,
  workers: [
    {
      name: "gateway",
      scriptPath: "bench/.out/gateway/index.js",
      modules: true,
      ...COMPAT,
      d1Databases: { DB: "bench-db" },
      kvNamespaces: ["KEY_CACHE"],
      durableObjects: { RATE_LIMITER: "RateLimiter" },
      bindings: {
        ADMIN_API_KEY: admin,
        KEY_HASH_SECRET: randomBytes(32).toString("base64url"),
        PROVIDER_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        DEFAULT_MAX_OUTPUT_TOKENS: "1024",
        DEFAULT_RATE_LIMIT_PER_HOUR: "100000000",
        UPSTREAM_TIMEOUT_MS: "30000",
        MAX_BODY_BYTES: "1048576",
        ENABLE_MOCK_PROVIDER: "false",
        OPENAI_BASE_URL: `${upstream.url}/openai/v1`,
        OPENAI_API_KEY: providerKey,
      },
    },
  ],
  d1Persist: join(state, "d1"),
  kvPersist: join(state, "kv"),
  durableObjectsPersist: join(state, "do"),
});
const bare = new Miniflare({
  host: "127.0.0.1",
  port: 0,
  workers: [
    {
      name: "bare",
      scriptPath: "bench/.out/bare/index.js",
      modules: true,
      ...COMPAT,
      bindings: { UPSTREAM_URL: upstream.url, OPENAI_API_KEY: providerKey },
    },
  ],
});

try {
  const gatewayUrl = (await gateway.ready).toString().replace(/\/$/, "");
  const bareUrl = (await bare.ready).toString().replace(/\/$/, "");
  await applyMigrations(await gateway.getD1Database("DB"));
  const provisioned = await fetch(`${gatewayUrl}/api/v1/modules/provision`, {
    method: "POST",
    headers: { "x-api-key": admin, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench", expires_in_days: 1 }),
  });
  if (provisioned.status !== 201)
    throw new Error(`provision failed: ${provisioned.status} ${await provisioned.text()}`);
  const { secret_key } = await provisioned.json();

  const body = JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "Hello" }] });
  const headers = { "content-type": "application/json", "x-api-key": secret_key };
  const warm = await fetch(`${gatewayUrl}/api/v1/chat/completions`, { method: "POST", headers, body });
  if (warm.status !== 200) throw new Error(`warm-up failed: ${warm.status} ${await warm.text()}`);
  await warm.text();

  const bareBody = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello" }] });
  const viaBare = await load(`${bareUrl}/v1/chat/completions`, {
    headers: { "content-type": "application/json" },
    body: bareBody,
  });
  const viaGateway = await load(`${gatewayUrl}/api/v1/chat/completions`, { headers, body });
  const non2xx = viaGateway.non2xx + viaBare.non2xx;

  const streamBody = JSON.stringify({ ...JSON.parse(body), stream: true });
  const gatewayTtfb = await ttfb(`${gatewayUrl}/api/v1/chat/completions`, {
    method: "POST",
    headers,
    body: streamBody,
  });
  const upstreamTtfb = await ttfb(`${upstream.url}/openai/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o-mini", stream: true, messages: [] }),
  });

  const row = (name, r) => ({
    scenario: name,
    "p50 ms": r.latency.p50,
    "p99 ms": r.latency.p99,
    "req/s": Math.round(r.requests.average),
    errors: r.errors + r.non2xx,
  });
  console.table([row("bare Hono proxy", viaBare), row("gateway", viaGateway)]);
  const p50Ratio = viaGateway.latency.p50 / Math.max(viaBare.latency.p50, 0.5);
  const rpsRatio = viaGateway.requests.average / viaBare.requests.average;
  console.log(`p50 latency ratio (gateway / bare proxy): ${p50Ratio.toFixed(2)}`);
  console.log(`throughput ratio (gateway / bare proxy): ${rpsRatio.toFixed(2)}`);
  console.log(
    `stream TTFB median: gateway ${gatewayTtfb.toFixed(1)} ms vs upstream ${upstreamTtfb.toFixed(1)} ms (+${(gatewayTtfb - upstreamTtfb).toFixed(1)} ms)`,
  );
  if (non2xx > 0) console.log(`warning: ${non2xx} non-2xx answers during the load runs`);
} finally {
  await Promise.allSettled([gateway.dispose(), bare.dispose()]);
  await upstream.close();
  rmSync(state, { recursive: true, force: true });
}
