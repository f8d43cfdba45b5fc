import { intFlag, timeFlag } from "../args.mjs";
import { UsageError } from "../errors.mjs";
import { minute, sparkline, table } from "../format.mjs";

const DAY_MS = 86_400_000;

/** The usage query: the last 24 hours by hour by default; `--days N` reaches back N days (by day past 2). */
function usageQuery(values, command) {
  const days = intFlag(values.days, "days", command);
  if (days === 0) throw new UsageError("--days must be at least 1", command);
  const granularity = values.granularity ?? (days !== undefined && days > 2 ? "day" : "hour");
  if (!["hour", "day"].includes(granularity)) {
    throw new UsageError(`--granularity must be hour or day, not "${granularity}"`, command);
  }
  const q = new URLSearchParams({ granularity });
  const from =
    timeFlag(values.from, "from", command) ?? (days ? new Date(Date.now() - days * DAY_MS).toISOString() : undefined);
  if (from) q.set("from", from);
  const to = timeFlag(values.to, "to", command);
  if (to) q.set("to", to);
  return q;
}

/** `usage <module_id>` and `accounts usage <account_id>`: a table per bucket and a sparkline per figure. */
export function usageCommand(name, idName, base) {
  return {
    name,
    summary: `Usage per hour or day: requests, rejected, tokens and cost, with sparklines`,
    args: [idName],
    options: {
      days: { type: "string", help: "reach back this many days (default: the last 24 hours)" },
      granularity: { type: "string", help: "hour or day (default: hour up to 2 days, else day)" },
      from: { type: "string", help: "start, ISO-8601 (instead of --days)" },
      to: { type: "string", help: "end, ISO-8601 (default: now)" },
    },
    examples: [
      `${name} ${idName === "module_id" ? "mod_4Qz8a1Xc0RbT7mYwq2LdNe" : "acc_1Jx9Qm3Vb7TnZp0LsR8Wc2"} --days 7`,
    ],
    async run({ client, values, args, command }) {
      const usage = await client.call(
        "GET",
        `${base}/${encodeURIComponent(args[idName])}/usage?${usageQuery(values, command)}`,
      );
      const series = usage.series;
      const total = (pick) => series.reduce((sum, point) => sum + pick(point), 0);
      const tokens = (p) => p.prompt_tokens + p.completion_tokens;
      const rows = table(series, [
        [
          usage.granularity === "day" ? "DAY (UTC)" : "HOUR (UTC)",
          (p) => (usage.granularity === "day" ? p.start.slice(0, 10) : minute(p.start)),
        ],
        ["REQUESTS", (p) => p.requests],
        ["REJECTED", (p) => p.rejected],
        ["PROMPT", (p) => p.prompt_tokens],
        ["COMPLETION", (p) => p.completion_tokens],
        ["COST_USD", (p) => p.cost_usd.toFixed(4)],
      ]);
      const lines = [
        `requests ${sparkline(series.map((p) => p.requests))} ${total((p) => p.requests)} in all, ${total((p) => p.rejected)} rejected`,
        `tokens   ${sparkline(series.map(tokens))} ${total(tokens)} in all`,
        `cost     $${total((p) => p.cost_usd).toFixed(4)}`,
      ];
      return { json: usage, text: `${rows}\n\n${lines.join("\n")}` };
    },
  };
}
