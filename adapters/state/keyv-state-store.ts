// The StateStore port over a Keyv instance (Redis or the embedded SQLite store).
import type Keyv from 'keyv';
import type { StateStore } from '../../gateway/ports/state-store.ts';

export class KeyvStateStore implements StateStore {
  readonly #keyv: Keyv;

  /** `keyv` should be created with throwOnErrors, so a backend failure is not read as "no value". */
  constructor(keyv: Keyv) {
    this.#keyv = keyv;
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
