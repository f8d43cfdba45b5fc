/**
 * A provider key in memory. It prints as `[redacted]` through `String()`, `JSON.stringify` and
 * template literals, so a stray log line or error message cannot carry it; only the one
 * function that builds an upstream request calls `reveal()`.
 */
export class ProviderSecret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The plaintext, for an outbound auth header and for scrubbing it out of upstream text. */
  reveal(): string {
    return this.#value;
  }

  /** Last four characters, for listings. */
  last4(): string {
    return this.#value.slice(-4);
  }

  toString(): string {
    return "[redacted]";
  }

  toJSON(): string {
    return "[redacted]";
  }
}
