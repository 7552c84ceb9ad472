// Key-value state shared by all gateway instances: sessions, ID maps, anchors, change tokens.

export interface StateStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores a JSON-serialisable value; `ttlMs` lets it expire (sessions). */
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Adds `by` (default 1, may be negative) to a counter and returns the new count, atomically (two
   * gateway instances counting at the same moment both count). A new counter expires `ttlMs`
   * after its first increment. Counters are a key space of their own: `get` does not see them.
   */
  increment(key: string, ttlMs: number, by?: number): Promise<number>;
  /** A counter's count: 0 when it never was or has expired. */
  count(key: string): Promise<number>;
  clearCount(key: string): Promise<void>;
  close(): Promise<void>;
}
