import { DAY_MS } from "../lib/time";
import type { HourBucket } from "./hour-buckets";

export type Granularity = "hour" | "day";

type Figures = {
  requests: number;
  rejected: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
};

/** One point of `GET …/usage`: a slot's totals and the same per `provider/model`. */
export type SeriesPoint = Figures & { start: string; by_model: Record<string, Figures> };

type OwnedHour = HourBucket & { moduleId: string };

/**
 * Stored hours overlaid with the live ones the objects hold: for one (module, hour, model) a
 * live bucket replaces the stored one (both are absolute figures; the live one is never older).
 */
export function overlayLive(stored: OwnedHour[], live: OwnedHour[]): OwnedHour[] {
  const key = (b: OwnedHour) => `${b.moduleId}|${b.hour}|${b.model}`;
  const merged = new Map(stored.map((b) => [key(b), b]));
  for (const b of live) merged.set(key(b), b);
  return [...merged.values()];
}

const zero = (): Figures => ({ requests: 0, rejected: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0 });

function add(into: Figures & { nano?: number }, b: HourBucket): void {
  into.requests += b.requests;
  into.rejected += b.rejected;
  into.prompt_tokens += b.promptTokens;
  into.completion_tokens += b.completionTokens;
  into.cost_usd += b.nanoUsd;
}

/**
 * The series from `from` to `to` (slot starts, UTC), oldest first, with a point for every slot
 * (zeros where nothing happened). Costs are summed in nano-dollars and converted at the end.
 */
export function usageSeries(buckets: HourBucket[], granularity: Granularity, from: number, to: number): SeriesPoint[] {
  const size = granularity === "hour" ? 3_600_000 : DAY_MS;
  const points = new Map<number, SeriesPoint>();
  for (let start = from; start < to; start += size) {
    points.set(start, { start: new Date(start).toISOString(), ...zero(), by_model: {} });
  }
  for (const b of buckets) {
    const point = points.get(b.hour - (b.hour % size));
    if (!point) continue;
    add(point, b);
    if (b.model === "") continue;
    const m = point.by_model[b.model] ?? zero();
    add(m, b);
    point.by_model[b.model] = m;
  }
  const usd = (f: Figures) => {
    f.cost_usd = f.cost_usd / 1e9;
  };
  for (const p of points.values()) {
    usd(p);
    for (const m of Object.values(p.by_model)) usd(m);
  }
  return [...points.values()];
}
