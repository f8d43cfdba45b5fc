/**
 * A provider stream that can no longer be trusted: an event that does not parse, an object
 * that is not a chunk of the provider's shape, or the provider's own error event. Thrown by a
 * stream translator (or the SSE parser); the pump turns it into 502 before the first byte, or
 * into the final `data: {"error":…}` event (and no `[DONE]`) after it. `message` is shown to
 * the client once scrubbed, prefixed with the provider's name, so it is a sentence without its
 * subject ("sent an event that is not JSON.") and says what was wrong, never what the bytes were.
 */
export class StreamFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StreamFault";
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses one event's data as a JSON object, or throws a StreamFault. */
export function parseEventObject(data: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new StreamFault("sent a stream event that is not JSON.");
  }
  if (!isJsonObject(parsed)) throw new StreamFault("sent a stream event that is not a JSON object.");
  return parsed;
}

/** Throws a StreamFault carrying the provider's message when the event is its error event. */
export function throwProviderError(event: Record<string, unknown>): void {
  const error = event.error;
  if (error === undefined || error === null) return;
  const message =
    typeof error === "string" ? error : isJsonObject(error) && typeof error.message === "string" ? error.message : "";
  throw new StreamFault(`reported an error mid-stream${message ? `: ${message.slice(0, 500)}` : "."}`);
}
