// Key-value state shared by all gateway instances: sessions, ID maps, anchors, change tokens.

export interface StateStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores a JSON-serialisable value; `ttlMs` lets it expire (sessions). */
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
