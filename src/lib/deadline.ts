/** A store call that did not settle in time. Treated like an unreachable store by its caller. */
export class DeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = "DeadlineError";
  }
}

/**
 * Settles like `work`, or rejects with a DeadlineError after `ms`: a store that accepts a call and
 * never answers costs a request at most `ms`, never a hang. The call itself is not cancelled (use
 * an AbortSignal where the client takes one); its late answer is ignored.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
