// Usage charts as inline SVG, drawn from the usage API's series (oldest first). No library: a
// bar per bucket, stacked where a figure has two parts, with a <title> per bar for the numbers.
import { h, svg } from "./dom.js";

const WIDTH = 360;
const HEIGHT = 120;
const PAD = { left: 36, right: 16, top: 8, bottom: 18 };

const compact = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n));

function bucketLabel(iso, granularity) {
  return granularity === "day" ? iso.slice(5, 10) : `${iso.slice(11, 13)}h`;
}

/**
 * One stacked bar chart. `parts` are [{key, label, className}] read from each series point;
 * the chart's accessible name states the total of each part.
 */
export function barChart(series, granularity, title, parts) {
  const totals = parts.map((p) => series.reduce((sum, point) => sum + (point[p.key] ?? 0), 0));
  const max = Math.max(1, ...series.map((point) => parts.reduce((sum, p) => sum + (point[p.key] ?? 0), 0)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, series.length);
  const barW = Math.max(1, step * 0.8);
  const summary = `${title}: ${parts.map((p, i) => `${totals[i]} ${p.label}`).join(", ")}`;
  const chart = svg(
    "svg",
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": summary, class: "chart", "data-chart": title },
    svg("title", {}, summary),
    svg("line", { x1: PAD.left, y1: PAD.top + plotH, x2: WIDTH - PAD.right, y2: PAD.top + plotH, class: "axis" }),
    svg("text", { x: PAD.left - 4, y: PAD.top + 8, "text-anchor": "end", class: "tick" }, compact(max)),
    svg("text", { x: PAD.left - 4, y: PAD.top + plotH, "text-anchor": "end", class: "tick" }, "0"),
  );
  series.forEach((point, i) => {
    let y = PAD.top + plotH;
    const x = PAD.left + i * step + (step - barW) / 2;
    for (const p of parts) {
      const value = point[p.key] ?? 0;
      if (value <= 0) continue;
      const height = (value / max) * plotH;
      y -= height;
      chart.append(
        svg(
          "rect",
          {
            x: x.toFixed(1),
            y: y.toFixed(1),
            width: barW.toFixed(1),
            height: height.toFixed(1),
            class: p.className,
            "data-value": value,
          },
          svg("title", {}, `${bucketLabel(point.start, granularity)}: ${value} ${p.label}`),
        ),
      );
    }
  });
  const labelEvery = Math.max(1, Math.ceil(series.length / 6));
  series.forEach((point, i) => {
    if (i % labelEvery !== 0) return;
    const x = PAD.left + i * step + step / 2;
    chart.append(
      svg(
        "text",
        { x: x.toFixed(1), y: HEIGHT - 4, "text-anchor": "middle", class: "tick" },
        bucketLabel(point.start, granularity),
      ),
    );
  });
  const legend = h(
    "p",
    { class: "legend" },
    parts.map((p, i) => h("span", { class: `key ${p.className}` }, `${p.label}: ${totals[i].toLocaleString("en")}`)),
  );
  return h("figure", { class: "usage-chart" }, h("figcaption", {}, title), chart, legend);
}

/** The two charts of a usage answer (requests, tokens), plus the cost when any model was priced. */
export function usageCharts(usage) {
  const { series, granularity } = usage;
  const cost = series.reduce((sum, point) => sum + (point.cost_usd ?? 0), 0);
  return h(
    "div",
    { class: "charts" },
    barChart(series, granularity, "Requests", [
      { key: "requests", label: "requests", className: "bar-requests" },
      { key: "rejected", label: "rejected", className: "bar-rejected" },
    ]),
    barChart(series, granularity, "Tokens", [
      { key: "prompt_tokens", label: "prompt tokens", className: "bar-prompt" },
      { key: "completion_tokens", label: "completion tokens", className: "bar-completion" },
    ]),
    cost > 0 ? h("p", { class: "cost" }, `Cost in this period: $${cost.toFixed(4)}`) : null,
  );
}

const UNIT = { tokens: (n) => `${Math.round(n).toLocaleString("en")} tokens`, usd: (n) => `$${n.toFixed(2)}` };

/**
 * The budget as one bar per unit it limits (tokens, USD): spent plus reserved of the limit, and
 * when the period resets. `budget` is the usage API's live figures (`usage.budget`).
 */
export function budgetBars(budget, idPrefix) {
  const units = Object.keys(UNIT).filter((unit) => budget.limit[unit] !== undefined);
  return h(
    "div",
    { class: "budget-bar" },
    h("p", {}, `Budget per ${budget.period === "total" ? "lifetime" : budget.period}`),
    units.map((unit) => {
      const limit = budget.limit[unit];
      const used = budget.spent[unit] + budget.reserved[unit];
      const percent = limit > 0 ? Math.min(100, Math.round((used / limit) * 100)) : 100;
      const reserved = budget.reserved[unit] > 0 ? ` + ${UNIT[unit](budget.reserved[unit])} reserved` : "";
      const id = `${idPrefix}-budget-${unit}`;
      return h(
        "div",
        { class: "field" },
        h(
          "label",
          { for: id },
          `${UNIT[unit](budget.spent[unit])} spent${reserved} of ${UNIT[unit](limit)} (${percent}%)`,
        ),
        h("progress", { id, max: limit, value: Math.min(used, limit) }, `${percent}%`),
      );
    }),
    budget.resets_at ? h("small", {}, `Resets ${budget.resets_at.replace("T", " ").slice(0, 16)} UTC`) : null,
  );
}
