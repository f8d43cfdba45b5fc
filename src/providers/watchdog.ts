/** Why a watchdog ended a call. */
export type WatchdogExpiry = "ttfb" | "idle";

/**
 * One timer per upstream call, whatever its length: first the time-to-first-byte allowance
 * (until the response headers), then the idle allowance (the longest silence between two reads).
 * A read costs one `Date.now()` (`touch`), never a timer; the single pending timer re-arms
 * itself from the last touch when it fires. While the call is streaming to a client, the same
 * timer also writes a heartbeat after `heartbeatMs` of silence: locally a client that closed its
 * socket is only noticed on the next write, so the heartbeat bounds how long a vanished client
 * can keep the upstream open.
 */
export class Watchdog {
  #allowanceMs: number;
  #phase: WatchdogExpiry = "ttfb";
  #last = Date.now();
  #lastBeat = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #beat: { everyMs: number; write: () => void } | undefined;
  #expired: WatchdogExpiry | null = null;
  readonly #onExpire: (phase: WatchdogExpiry) => void;

  constructor(ttfbMs: number, onExpire: (phase: WatchdogExpiry) => void) {
    this.#allowanceMs = ttfbMs;
    this.#onExpire = onExpire;
    this.#arm(ttfbMs);
  }

  /** Which allowance ran out, or null while none has. */
  get expired(): WatchdogExpiry | null {
    return this.#expired;
  }

  /** The headers arrived: from now on the allowance is the idle timeout between reads. */
  idle(idleMs: number): void {
    this.#phase = "idle";
    this.#allowanceMs = idleMs;
    this.touch();
  }

  /** Something arrived from upstream. */
  touch(): void {
    this.#last = Date.now();
  }

  /** Writes `write()` to the client after `everyMs` of upstream silence (and every `everyMs` after). */
  heartbeat(everyMs: number, write: () => void): void {
    this.#beat = { everyMs, write };
    this.#lastBeat = Date.now();
    this.#rearm();
  }

  /** The call is over: no more timer. */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#beat = undefined;
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => this.#fire(), Math.max(1, ms));
  }

  #rearm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#arm(this.#nextDue(Date.now()));
  }

  #nextDue(now: number): number {
    const idleLeft = this.#last + this.#allowanceMs - now;
    if (!this.#beat) return idleLeft;
    const beatLeft = Math.max(this.#last, this.#lastBeat) + this.#beat.everyMs - now;
    return Math.min(idleLeft, beatLeft);
  }

  #fire(): void {
    this.#timer = undefined;
    const now = Date.now();
    if (now - this.#last >= this.#allowanceMs) {
      this.#expired = this.#phase;
      this.#beat = undefined;
      this.#onExpire(this.#phase);
      return;
    }
    const beat = this.#beat;
    if (beat && now - Math.max(this.#last, this.#lastBeat) >= beat.everyMs) {
      this.#lastBeat = now;
      beat.write();
    }
    this.#arm(this.#nextDue(now));
  }
}
