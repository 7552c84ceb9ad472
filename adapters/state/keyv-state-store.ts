// The StateStore port over a Keyv instance (Redis or the embedded SQLite store).
import type Keyv from 'keyv';
import type { StateStore } from '../../gateway/ports/state-store.ts';
import type { Counters } from './counters.ts';

export class KeyvStateStore implements StateStore {
  readonly #keyv: Keyv;
  readonly #counters: Counters;

  /**
   * `keyv` should be created with throwOnErrors, so a backend failure is not read as "no value";
   * `counters` are kept by the same backend, beside keyv.
   */
  constructor(keyv: Keyv, counters: Counters) {
    this.#keyv = keyv;
    this.#counters = counters;
  }

  increment(key: string, ttlMs: number, by?: number): Promise<number> {
    return this.#counters.increment(key, ttlMs, by);
  }

  count(key: string): Promise<number> {
    return this.#counters.count(key);
  }

  clearCount(key: string): Promise<void> {
    return this.#counters.clear(key);
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.#keyv.get<T>(key);
  }

  /** `ttlMs` ≤ 0 or missing: no expiry. */
  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    const ttl = ttlMs !== undefined && ttlMs > 0 ? ttlMs : undefined;
    const stored = await this.#keyv.set(key, value, ttl);
    if (!stored) throw new Error(`state store did not store ${key}`);
  }

  async delete(key: string): Promise<void> {
    await this.#keyv.delete(key);
  }

  async close(): Promise<void> {
    await this.#keyv.disconnect();
  }
}
