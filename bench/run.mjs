// `npm run bench`: every gateway figure next to a baseline measured in the same run, in one table.
//   GET /models with the limiter        vs the same gateway with BENCH_DISABLE_LIMITER (bench-only)
//   one hot key's object, 5× conns      vs limiter off at the same connection count
//   POST /chat/completions, warm key    vs a bare Hono proxy Worker, same fake upstream
//   stream time to first byte           vs the fake upstream's own
// One build per Worker, one workerd process per served Worker (run one at a time), the fake
// upstream in its own Node process, loopback only.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { buildWorker, serveWorker, startGateway, startUpstream } from "./harness.mjs";
import {
  bareChatLoad,
  gatewayChatLoad,
  gatewayStreamTtfb,
  upstreamStreamTtfb,
  upstreamVars,
  warmChatKey,
} from "./scenarios/chat.mjs";
import { modelsLoad } from "./scenarios/models.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const HOT_CONNECTIONS = CONNECTIONS * 5;
const BARE_CONFIG = join(import.meta.dirname, "bare-proxy", "wrangler.toml");

async function using(started, run) {
  const resource = await started;
  try {
    return await run(resource);
  } finally {
    await resource.stop();
  }
}

const started = performance.now();
const gatewayScript = buildWorker();
const bareScript = buildWorker({ config: BARE_CONFIG, name: "bare-proxy" });
console.log(`built ${gatewayScript} and ${bareScript}; ${SECONDS} s per scenario, ${CONNECTIONS} connections\n`);

const providerKey = `sk-bench-${randomBytes(12).toString("hex")}`;
const opts = { connections: CONNECTIONS, seconds: SECONDS };
const hotOpts = { connections: HOT_CONNECTIONS, seconds: SECONDS };

const r = await using(startUpstream(), async (upstream) => {
  const vars = { ...upstreamVars(upstream.url, providerKey), DEFAULT_RATE_LIMIT_PER_HOUR: "100000000" };
  const off = await using(
    startGateway({ scriptPath: gatewayScript, extraVars: { ...vars, BENCH_DISABLE_LIMITER: "true" } }),
    async (g) => ({ models: await modelsLoad(g, opts), hot: await modelsLoad(g, hotOpts) }),
  );
  const on = await using(startGateway({ scriptPath: gatewayScript, extraVars: vars }), async (g) => {
    const models = await modelsLoad(g, opts);
    const hot = await modelsLoad(g, hotOpts);
    const headers = await warmChatKey(g);
    const chat = await gatewayChatLoad(g, headers, opts);
    const ttfb = await gatewayStreamTtfb(g, headers);
    return { models, hot, chat, ttfb };
  });
  const bareChat = await using(
    serveWorker({
      config: BARE_CONFIG,
      scriptPath: bareScript,
      bindings: { UPSTREAM_URL: upstream.url, OPENAI_API_KEY: providerKey },
    }),
    (bare) => bareChatLoad(bare, opts),
  );
  return { off, on, bareChat, upstreamTtfb: await upstreamStreamTtfb(upstream.url) };
});

const rps = (x) => `${x.rps.toFixed(0)} req/s`;
const p50 = (x) => `${x.p50.toFixed(2)} ms`;
const p99 = (x) => `${x.p99.toFixed(2)} ms`;
const ms = (x) => `${x.toFixed(2)} ms`;
// [measurement, gateway figure, baseline name, baseline figure, ratio gateway / baseline]
const rows = [
  ["GET /models throughput", rps(r.on.models), "limiter off", rps(r.off.models), r.on.models.rps / r.off.models.rps],
  ["GET /models p50", p50(r.on.models), "limiter off", p50(r.off.models), r.on.models.p50 / r.off.models.p50],
  ["GET /models p99", p99(r.on.models), "limiter off", p99(r.off.models), r.on.models.p99 / r.off.models.p99],
  [
    `hot key, ${HOT_CONNECTIONS} conns, throughput`,
    rps(r.on.hot),
    `limiter off, ${HOT_CONNECTIONS} conns`,
    rps(r.off.hot),
    r.on.hot.rps / r.off.hot.rps,
  ],
  ["POST /chat p50", p50(r.on.chat), "bare Hono proxy", p50(r.bareChat), r.on.chat.p50 / r.bareChat.p50],
  ["POST /chat throughput", rps(r.on.chat), "bare Hono proxy", rps(r.bareChat), r.on.chat.rps / r.bareChat.rps],
  ["stream TTFB (median of 30)", ms(r.on.ttfb), "fake upstream direct", ms(r.upstreamTtfb), r.on.ttfb / r.upstreamTtfb],
];
const widths = [32, 14, 26, 14, 7];
const line = (cells) =>
  cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(line(["measurement", "gateway", "baseline (same run)", "baseline", "ratio"]));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const [name, value, baseName, baseValue, ratio] of rows) {
  console.log(line([name, value, baseName, baseValue, ratio.toFixed(2)]));
}

const loads = {
  "GET /models, limiter off": r.off.models,
  "hot key, limiter off": r.off.hot,
  "GET /models, limiter on": r.on.models,
  "hot key, limiter on": r.on.hot,
  "POST /chat, gateway": r.on.chat,
  "POST /chat, bare proxy": r.bareChat,
};
const total = Object.values(loads).reduce((n, x) => n + x.total, 0);
console.log(`\n${total} requests in ${((performance.now() - started) / 1000).toFixed(0)} s`);
for (const [name, x] of Object.entries(loads)) {
  if (x.non2xx + x.errors > 0) {
    console.log(`warning: ${name}: ${x.non2xx} non-2xx answers, ${x.errors} errors or timeouts (included above)`);
  }
}
