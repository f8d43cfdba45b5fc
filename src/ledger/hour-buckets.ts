import type { Charge } from "./charge";

/** One hour's usage of one model (`provider/model`, or "" when refused before a model was known). */
export type HourBucket = {
  hour: number;
  model: string;
  requests: number;
  rejected: number;
  promptTokens: number;
  completionTokens: number;
  nanoUsd: number;
};

/** What one request adds to its hour's bucket. */
export type UsageEvent =
  | { kind: "answered"; model: string; promptTokens: number; completionTokens: number; charge: Charge }
  | { kind: "rejected"; model: string };

export const bucketKey = (hour: number, model: string) => `${hour}|${model}`;

/** The bucket after one more event (a new one when `bucket` is undefined). */
export function addToBucket(bucket: HourBucket | undefined, hour: number, event: UsageEvent): HourBucket {
  const b = bucket ?? {
    hour,
    model: event.model,
    requests: 0,
    rejected: 0,
    promptTokens: 0,
    completionTokens: 0,
    nanoUsd: 0,
  };
  if (event.kind === "rejected") return { ...b, rejected: b.rejected + 1 };
  return {
    ...b,
    requests: b.requests + 1,
    promptTokens: b.promptTokens + event.promptTokens,
    completionTokens: b.completionTokens + event.completionTokens,
    nanoUsd: b.nanoUsd + event.charge.nanoUsd,
  };
}
