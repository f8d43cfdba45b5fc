/**
 * A map whose entries live for `ttlMs` and of which at most `max` are kept, the least recently
 * used dropped first: the shape of every per-isolate cache in the gateway. O(1) per operation
 * (a Map keeps insertion order; a hit moves its entry to the end).
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    readonly ttlMs: number,
    readonly max: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The value if it was stored less than the TTL ago. */
  get(key: string): V | undefined {
    const held = this.entries.get(key);
    if (!held) return undefined;
    this.entries.delete(key);
    if (held.until <= this.clock()) return undefined;
    this.entries.set(key, held); // most recently used last
    return held.value;
  }

  /** The value held for the key, fresh or not (for version checks). */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, until: this.clock() + this.ttlMs });
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
