// `npm run bench:profile [json|sse|byok]`: where the gateway's workerd spends its CPU on the
// full policy path. Serves the gateway with the V8 inspector on, samples it with the inspector's
// CPU profiler while the chat route is loaded, and prints the functions with the most self time
// (and writes the whole profile to bench/.out/gateway.cpuprofile for a flame-graph viewer).
// The Durable Object runs in the same workerd, so its methods appear too.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { buildWorker, startGateway, startUpstream } from "./harness.mjs";
import { byokTarget, chatLoad, gatewayTarget, upstreamVars } from "./scenarios/chat.mjs";

const shape = process.argv[2] ?? "json";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const TOP = 40;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** One Chrome DevTools Protocol session over the inspector's WebSocket. */
async function inspect(port) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  const target = targets.find((t) => t.title?.includes("core:user:")) ?? targets[0];
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let next = 1;
  const pending = new Map();
  ws.onmessage = (event) => {
    const msg = JSON.parse(event.data);
    pending.get(msg.id)?.(msg.result);
    pending.delete(msg.id);
  };
  return {
    send: (method, params = {}) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/**
 * Which module of the unminified bundle each line belongs to: esbuild starts every module with a
 * `// path` comment. node_modules collapse to their package, src/ files stay files.
 */
function moduleOfLine(bundle) {
  const starts = [];
  bundle.split("\n").forEach((line, i) => {
    const m = line.match(/^\/\/ (\S+\.(?:ts|js|mjs|cjs))$/);
    if (!m) return;
    const path = m[1];
    const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
    starts.push([i, pkg ?? path]);
  });
  return (line) => {
    let found = "(bundle prelude)";
    for (const [start, name] of starts) {
      if (start > line) break;
      found = name;
    }
    return found;
  };
}

/** Self time per function (name and location) and per module, in samples, from a V8 CPU profile. */
function selfTimes(profile, moduleOf) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const functions = new Map();
  const modules = new Map();
  for (const id of profile.samples) {
    const { callFrame } = byNode.get(id);
    const file = callFrame.url.split("/").pop() || "(native)";
    const name = `${callFrame.functionName || "(anonymous)"}  ${file}:${callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + 1);
    const mod = file === "index.js" ? moduleOf(callFrame.lineNumber) : callFrame.url ? file : callFrame.functionName;
    modules.set(mod, (modules.get(mod) ?? 0) + 1);
  }
  const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { functions: sorted(functions), modules: sorted(modules) };
}

const inspectorPort = await freePort();
const providerKey = `sk-bench-${randomBytes(12).toString("hex")}`;
const scriptPath = buildWorker({ minify: false, name: "gateway-unminified" });
const upstream = await startUpstream();
const gateway = await startGateway({
  scriptPath,
  extraVars: upstreamVars(upstream.url, providerKey),
  shared: { inspectorPort },
});
try {
  const target = shape === "byok" ? await byokTarget(gateway, providerKey) : await gatewayTarget(gateway);
  const session = await inspect(inspectorPort);
  await session.send("Profiler.enable");
  await session.send("Profiler.setSamplingInterval", { interval: 200 });
  await session.send("Profiler.start");
  const figures = await chatLoad(target, { stream: shape === "sse", connections: 10, seconds: SECONDS });
  const { profile } = await session.send("Profiler.stop");
  session.close();
  const out = join(import.meta.dirname, ".out", "gateway.cpuprofile");
  writeFileSync(out, JSON.stringify(profile));
  const { functions, modules } = selfTimes(profile, moduleOfLine(readFileSync(scriptPath, "utf8")));
  const total = profile.samples.length;
  const pct = (n) => `${((100 * n) / total).toFixed(1).padStart(5)} %`;
  const idle = new Set(["(idle)", "(program)", "(garbage collector)"]);
  console.log(`${shape}: ${figures.rps.toFixed(0)} req/s, ${total} samples; profile in ${out}`);
  console.log("--- self time by module (src/ file or npm package) ---");
  for (const [name, n] of modules.slice(0, TOP)) console.log(`${pct(n)}  ${name}${idle.has(name) ? " (not JS)" : ""}`);
  console.log("--- self time by function ---");
  for (const [name, n] of functions.filter(([f]) => !idle.has(f.split("  ")[0])).slice(0, TOP)) {
    console.log(`${pct(n)}  ${name}`);
  }
} finally {
  await gateway.stop();
  await upstream.stop();
}
