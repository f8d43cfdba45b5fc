import { ApiError } from "../errors/api-error";
import { DAY_MS } from "../lib/time";
import type { Granularity } from "./usage-series";

const HOUR_MS = 3_600_000;
/** At most this many slots per call: 31 days by hour, 400 days by day. */
const MAX_SPAN_MS: Record<Granularity, number> = { hour: 31 * DAY_MS, day: 400 * DAY_MS };
const DEFAULT_SPAN_MS: Record<Granularity, number> = { hour: 24 * HOUR_MS, day: 30 * DAY_MS };

/**
 * The slots a usage query covers, aligned to UTC hours or days: `from` rounded down, `to`
 * (exclusive, default: the end of the current slot) rounded up. 400 naming the field when the
 * range is empty or longer than allowed.
 */
export function usageRange(
  query: { granularity: Granularity; from?: string | undefined; to?: string | undefined },
  now: number,
): { from: number; to: number } {
  const size = query.granularity === "hour" ? HOUR_MS : DAY_MS;
  const down = (t: number) => t - (t % size);
  const to = query.to ? Math.ceil(Date.parse(query.to) / size) * size : down(now) + size;
  const from = query.from ? down(Date.parse(query.from)) : to - DEFAULT_SPAN_MS[query.granularity];
  if (from >= to) throw new ApiError("invalid_request", "from: must be before to.");
  if (to - from > MAX_SPAN_MS[query.granularity]) {
    const most = query.granularity === "hour" ? "31 days by hour" : "400 days by day";
    throw new ApiError(
      "invalid_request",
      `from: the range may cover at most ${most}; narrow from/to or use granularity=day.`,
    );
  }
  return { from, to };
}
