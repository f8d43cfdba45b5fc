/** What the runtime tells us about a failed Durable Object call. */
export type ObjectFailure = { overloaded: boolean; retryable: boolean };

/** Reads the flags the Workers runtime sets on Durable Object errors. */
export function objectFailure(err: unknown): ObjectFailure {
  const flags = (typeof err === "object" && err !== null ? err : {}) as { overloaded?: unknown; retryable?: unknown };
  return { overloaded: flags.overloaded === true, retryable: flags.retryable === true };
}

/**
 * Calls a Durable Object at most twice. A second attempt (on a fresh stub) happens only when the
 * runtime marked the error `.retryable` and not `.overloaded`, and only for calls that are
 * idempotent by construction (a request id the object remembers, or a versioned push): an
 * overloaded object is never asked again, so a hot key cannot set off a retry storm.
 */
export async function callObject<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const failure = objectFailure(err);
    if (failure.overloaded || !failure.retryable) throw err;
    return call();
  }
}
