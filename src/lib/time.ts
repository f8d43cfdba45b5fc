export const SECOND_MS = 1000;
export const DAY_MS = 86_400_000;

/** Epoch milliseconds → ISO-8601 UTC, keeping null as null. */
export function toIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
