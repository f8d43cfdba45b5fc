// `npm run bench`: three Workers side by side in one run, each served by Miniflare in its own
// workerd process against the same fake upstream (its own Node process) on loopback:
//   bare     a bare Hono proxy Worker (bench/bare-proxy): the floor any Worker proxy pays
//   Portkey  Portkey's gateway, npm @portkey-ai/gateway, as a Worker (bench/portkey/build.mjs)
//   gateway  this gateway's full policy path: warm key, its Durable Object, gateway provider key
//   BYOK     the same with a module of an account that has its own provider key (D1, AES-GCM)
// Rounds are interleaved (each round visits every target, in a rotated order) so the noise of a
// shared machine spreads over all of them; every cell is the median of the rounds with min–max.
//   before   with BENCH_AGAINST=<git ref>: the gateway built at that ref, for a before/after
// Environment: BENCH_SECONDS (6), BENCH_CONNECTIONS (10), BENCH_ROUNDS (3), BENCH_HOT_CONNECTIONS (50),
// BENCH_AGAINST (unset), BENCH_GATEWAY_AT (unset: the gateway column is this checkout; a git ref
// builds it at that ref instead, so two refs can be compared without checking either out).
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildWorker, buildWorkerAt, serveWorker, startGateway, startUpstream, uploadKiB } from "./harness.mjs";
import { buildPortkeyWorker } from "./portkey/build.mjs";
import { printReport } from "./report.mjs";
import {
  bareTarget,
  byokTarget,
  chatLoad,
  checkedTarget,
  gatewayTarget,
  portkeyTarget,
  streamTtfb,
  upstreamTarget,
  upstreamVars,
} from "./scenarios/chat.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const HOT_CONNECTIONS = Number(process.env.BENCH_HOT_CONNECTIONS ?? 50);
const AGAINST = process.env.BENCH_AGAINST || null;
const BARE_CONFIG = join(import.meta.dirname, "bare-proxy", "wrangler.toml");

const started = performance.now();
const GATEWAY_AT = process.env.BENCH_GATEWAY_AT || null;
const gatewayScript = GATEWAY_AT ? buildWorkerAt(GATEWAY_AT, "gateway") : buildWorker();
const bareScript = buildWorker({ config: BARE_CONFIG, name: "bare-proxy" });
const beforeScript = AGAINST ? buildWorkerAt(AGAINST) : null;
const portkeyScript = await buildPortkeyWorker(join(import.meta.dirname, ".out", "portkey"));
const portkeyKiB = gzipSync(readFileSync(portkeyScript)).length / 1024;
console.log(
  `upload size, gzip: gateway ${uploadKiB.get("gateway")} KiB${AGAINST ? ` (at ${AGAINST}: ${uploadKiB.get("gateway-before")} KiB)` : ""}, bare proxy ${uploadKiB.get("bare-proxy")} KiB (wrangler's figures), Portkey ${portkeyKiB.toFixed(2)} KiB (its unminified esbuild bundle)`,
);
console.log(`${ROUNDS} rounds × ${SECONDS} s per target and shape, ${CONNECTIONS} connections\n`);

const providerKey = `sk-bench-${randomBytes(12).toString("hex")}`;
const stops = [];
const serve = async (started) => {
  const server = await started;
  stops.push(server.stop);
  return server;
};
const rotate = (list, n) => list.map((_, i) => list[(i + n) % list.length]);
/** target name → measurement name → one figure per round */
const results = {};
const record = (target, measurement, value) => {
  results[target] ??= {};
  results[target][measurement] ??= [];
  results[target][measurement].push(value);
};

try {
  const upstream = await serve(startUpstream());
  const gatewayVars = { ...upstreamVars(upstream.url, providerKey), DEFAULT_RATE_LIMIT_PER_HOUR: "100000000" };
  const gateway = await serve(startGateway({ scriptPath: gatewayScript, extraVars: gatewayVars }));
  const before = beforeScript ? await serve(startGateway({ scriptPath: beforeScript, extraVars: gatewayVars })) : null;
  const bare = await serve(
    serveWorker({
      config: BARE_CONFIG,
      scriptPath: bareScript,
      bindings: { UPSTREAM_URL: upstream.url, OPENAI_API_KEY: providerKey },
    }),
  );
  // Portkey needs nodejs_compat, which the bare proxy's config also sets; no bindings.
  const portkey = await serve(serveWorker({ config: BARE_CONFIG, scriptPath: portkeyScript }));
  const targets = {
    bare: await checkedTarget(bareTarget(bare)),
    portkey: await checkedTarget(portkeyTarget(portkey, upstream.url, providerKey)),
    gateway: await gatewayTarget(gateway),
    byok: await byokTarget(gateway, providerKey),
    ...(before ? { before: await gatewayTarget(before) } : {}),
  };
  const opts = { connections: CONNECTIONS, seconds: SECONDS };

  for (let round = 0; round < ROUNDS; round++) {
    for (const name of rotate(Object.keys(targets), round)) {
      for (const stream of [false, true]) {
        const figures = await chatLoad(targets[name], { ...opts, stream });
        record(name, stream ? "sse" : "json", figures);
      }
    }
    // One hot key: every request of HOT_CONNECTIONS connections on the same key (and so the same
    // Durable Object), against the bare proxy at the same connection count.
    for (const name of rotate(["bare", "gateway", ...(before ? ["before"] : [])], round)) {
      record(
        name,
        "hot",
        await chatLoad(targets[name], { connections: HOT_CONNECTIONS, seconds: SECONDS, stream: false }),
      );
    }
    for (const name of rotate(["upstream", "bare", "portkey", "gateway", ...(before ? ["before"] : [])], round)) {
      const target = name === "upstream" ? upstreamTarget(upstream.url) : targets[name];
      record(name, "ttfb", await streamTtfb(target));
    }
    console.log(`round ${round + 1} of ${ROUNDS} done`);
  }
} finally {
  for (const stop of stops.reverse()) await stop();
}

const options = { connections: CONNECTIONS, hotConnections: HOT_CONNECTIONS, against: AGAINST };
// Saved first, so the table can be printed again (`node bench/report.mjs`) whatever happens next.
writeFileSync(join(import.meta.dirname, ".out", "last-run.json"), JSON.stringify({ results, options }));
printReport(results, options);
console.log(`\n${((performance.now() - started) / 1000).toFixed(0)} s in all`);
