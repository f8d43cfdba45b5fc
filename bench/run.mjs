// `npm run bench`: GET /api/v1/models with the rate limiter against the same route with the
// limiter step switched off (BENCH_DISABLE_LIMITER, bench-only), and the rate a single hot
// key's Durable Object sustains. One build, one workerd process per gateway, loopback only.
import { buildWorker, load, provision, startGateway } from "./harness.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function scenario(scriptPath, extraVars, run) {
  const gateway = await startGateway({ scriptPath, extraVars });
  try {
    return await run(gateway);
  } finally {
    await gateway.stop();
  }
}

async function modelsThroughput(gateway, connections = CONNECTIONS) {
  const { secret_key } = await provision(gateway, { rate_limit_per_hour: 10_000_000 });
  const target = { url: `${gateway.url}/api/v1/models`, headers: { "x-api-key": secret_key }, connections };
  await load({ ...target, seconds: 1, maxRequests: 2_000 }); // warm-up: JIT, KV fill, DO start
  return load({ ...target, seconds: SECONDS });
}

const scriptPath = buildWorker();
console.log(`built ${scriptPath}; ${SECONDS}s per scenario, ${CONNECTIONS} connections\n`);

const withLimiter = await scenario(scriptPath, {}, (g) => modelsThroughput(g));
const withoutLimiter = await scenario(scriptPath, { BENCH_DISABLE_LIMITER: "true" }, (g) => modelsThroughput(g));
// One key, more connections: every request is one call into the same Durable Object.
const hotKey = await scenario(scriptPath, {}, (g) => modelsThroughput(g, CONNECTIONS * 5));

const fmt = (n, d = 0) => n.toFixed(d).padStart(9);
const rows = [
  ["GET /models, limiter on", withLimiter],
  ["GET /models, limiter off", withoutLimiter],
  [`single hot key, ${CONNECTIONS * 5} conns`, hotKey],
];
console.log(
  `${"scenario".padEnd(30)}${"req/s".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"2xx".padStart(9)}${"non-2xx".padStart(9)}${"errors".padStart(9)}`,
);
for (const [name, r] of rows) {
  console.log(
    `${name.padEnd(30)}${fmt(r.rps)}${fmt(r.p50, 1)}${fmt(r.p99, 1)}${fmt(r.ok)}${fmt(r.non2xx)}${fmt(r.errors)}`,
  );
}
console.log(
  `\nthroughput with limiter / without: ${(withLimiter.rps / withoutLimiter.rps).toFixed(2)}` +
    `  (p50 ${withLimiter.p50} vs ${withoutLimiter.p50} ms, p99 ${withLimiter.p99} vs ${withoutLimiter.p99} ms)`,
);
console.log(`single hot key's Durable Object sustained: ${hotKey.rps.toFixed(0)} req/s (all admitted and counted)`);
if (withLimiter.non2xx + withoutLimiter.non2xx + hotKey.non2xx > 0) {
  console.log("warning: some answers were not 2xx; the figures above include them");
}
