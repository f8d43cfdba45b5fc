// Prints `npm run bench`'s table: one row per measurement, one column per target, each cell the
// median of the interleaved rounds with their min–max, then the gateway's ratios to the bare
// proxy and to Portkey (ratios of the medians).

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** `pick` over one target's rounds of one measurement: { median, min, max } or null. */
function summary(results, target, measurement, pick) {
  const rounds = results[target]?.[measurement];
  if (!rounds?.length) return null;
  const xs = rounds.map(pick).filter((x) => typeof x === "number" && Number.isFinite(x));
  if (xs.length === 0) return null;
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

const COLUMNS = [
  ["bare", "bare proxy"],
  ["portkey", "Portkey"],
  ["gateway", "gateway"],
  ["byok", "gateway BYOK"],
];

export function printReport(results, { connections, hotConnections, against = null }) {
  const columns = against ? [...COLUMNS, ["before", `gateway @${against}`]] : COLUMNS;
  const same = (x) => x;
  const rows = [
    [`JSON req/s, ${connections} conns`, "json", (x) => x.rps, 0, "higher"],
    ["JSON p50 ms", "json", (x) => x.p50, 2, "lower"],
    ["JSON p99 ms", "json", (x) => x.p99, 2, "lower"],
    ["JSON workerd CPU µs/req", "json", (x) => x.cpuUs, 0, "lower"],
    [`SSE req/s, ${connections} conns`, "sse", (x) => x.rps, 0, "higher"],
    ["SSE p50 ms", "sse", (x) => x.p50, 2, "lower"],
    ["SSE workerd CPU µs/req", "sse", (x) => x.cpuUs, 0, "lower"],
    ["stream TTFB ms (median of 30)", "ttfb", same, 2, "lower"],
    [`one hot key, ${hotConnections} conns, 2xx/s`, "hot", (x) => x.okRps, 0, "higher"],
    [`one hot key, ${hotConnections} conns, p50 ms`, "hot", (x) => x.p50, 2, "lower"],
  ];
  const cell = (s, digits) =>
    s === null ? "—" : `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
  const ratio = (a, b) => (a && b ? (a.median / b.median).toFixed(2) : "—");
  const header = [
    "measurement",
    ...columns.map(([, title]) => title),
    "gw/bare",
    "gw/Portkey",
    ...(against ? ["gw/before"] : []),
  ];
  const table = rows.map(([title, measurement, pick, digits]) => {
    const s = Object.fromEntries(columns.map(([k]) => [k, summary(results, k, measurement, pick)]));
    return [
      title,
      ...columns.map(([k]) => cell(s[k], digits)),
      ratio(s.gateway, s.bare),
      ratio(s.gateway, s.portkey),
      ...(against ? [ratio(s.gateway, s.before)] : []),
    ];
  });
  const upstream = summary(results, "upstream", "ttfb", same);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? ":" : "") + "-".repeat(w + 1) + (i === 0 ? "" : ":")).join("|")}|`);
  for (const r of table) console.log(line(r));
  console.log(`\nfake upstream direct, stream TTFB ms (median of 30): ${cell(upstream, 2)}`);
  console.log(
    "cells: median of the rounds (min–max); ratios are of the medians; CPU is the serving workerd's user+system time",
  );

  for (const [target, byMeasurement] of Object.entries(results)) {
    for (const [measurement, rounds] of Object.entries(byMeasurement)) {
      const bad = rounds.filter((x) => typeof x === "object" && x.non2xx + x.errors > 0);
      for (const x of bad) {
        console.log(`warning: ${target} ${measurement}: ${x.non2xx} non-2xx answers, ${x.errors} errors or timeouts`);
      }
    }
  }
}

// `node bench/report.mjs [bench/.out/last-run.json]` prints a saved run's table again.
if (process.argv[1] === import.meta.filename) {
  const { readFileSync } = await import("node:fs");
  const file = process.argv[2] ?? new URL(".out/last-run.json", import.meta.url).pathname;
  const saved = JSON.parse(readFileSync(file, "utf8"));
  printReport(saved.results, saved.options);
}
