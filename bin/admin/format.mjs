// Output: aligned tables, field/value details and one-line sparklines. Empty values print "-".

const show = (value) => (value === null || value === undefined || value === "" ? "-" : String(value));

/** An aligned table with a header and a rule; `columns` are [title, row => value]. */
export function table(rows, columns) {
  const cells = rows.map((r) => columns.map(([, pick]) => show(pick(r))));
  const widths = columns.map(([title], i) => Math.max(title.length, ...cells.map((c) => c[i].length)));
  const line = (values) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(columns.map(([t]) => t)), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

/** FIELD/VALUE rows for one object; nested objects flatten to `a.b`, arrays join (empty: "(any)"). */
export function details(object) {
  const rows = [];
  const add = (prefix, value) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) add(`${prefix}.${k}`, v);
    } else rows.push([prefix, Array.isArray(value) ? value.join(", ") || "(any)" : value]);
  };
  for (const [k, v] of Object.entries(object)) add(k, v);
  return table(rows, [
    ["FIELD", (r) => r[0]],
    ["VALUE", (r) => r[1]],
  ]);
}

/** "2026-11-24T10:00:00.000Z" → "2026-11-24 10:00". */
export const minute = (iso) => (iso ? iso.replace("T", " ").slice(0, 16) : null);

const BLOCKS = "▁▂▃▄▅▆▇█";

/** One character per value, scaled to the largest; zero is the lowest block. */
export function sparkline(values) {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 ? BLOCKS[0] : BLOCKS[Math.round((v / max) * (BLOCKS.length - 1))])).join("");
}
