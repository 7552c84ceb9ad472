// A small map whose entries expire a fixed time after they were stored and whose least recently
// used entry goes first when it is full.

export interface ExpiringCacheOptions {
  /** How long an entry lives after it was stored, in milliseconds. */
  ttlMs: number;
  /** Entries kept at most; storing one more drops the least recently used. */
  maxEntries: number;
  /** Milliseconds since the epoch; defaults to Date.now (tests pass their own). */
  now?: () => number;
}

export class ExpiringCache<K, V> {
  // A Map keeps insertion order: re-inserting on each hit keeps the least recently used first.
  readonly #entries = new Map<K, { value: V; expires: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: ExpiringCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = Math.max(1, options.maxEntries);
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expires <= this.#now()) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expires: this.#now() + this.#ttlMs });
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }
}
