// Atomic counters beside the keyv store (keyv 5 has no increment): Redis INCR for the shared
// store, one SQLite transaction for the embedded one.

/**
 * The few commands used here, as @keyv/redis's client offers them (spelled out: the client's own
 * union of client, cluster and sentinel types is too heavy for the type checker).
 */
export interface RedisCounterClient {
  multi(): RedisCounterTransaction;
  get(key: string): Promise<string | null>;
  del(key: string): Promise<number>;
}

interface RedisCounterTransaction {
  incrBy(key: string, by: number): RedisCounterTransaction;
  pExpire(key: string, ms: number, mode: 'NX'): RedisCounterTransaction;
  exec(): Promise<unknown[]>;
}

export interface Counters {
  increment(key: string, ttlMs: number, by?: number): Promise<number>;
  count(key: string): Promise<number>;
  clear(key: string): Promise<void>;
  close?(): Promise<void>;
}

/** Counters as plain Redis integers under `<namespace>:counter:`, next to keyv's keys. */
export class RedisCounters implements Counters {
  readonly #client: () => Promise<RedisCounterClient>;
  readonly #prefix: string;

  constructor(client: () => Promise<RedisCounterClient>, namespace: string) {
    this.#client = client;
    this.#prefix = `${namespace}:counter:`;
  }

  async increment(key: string, ttlMs: number, by = 1): Promise<number> {
    const name = this.#prefix + key;
    const client = await this.#client();
    // INCRBY and the expiry of a new counter in one transaction; NX keeps a running window's end.
    const [count] = await client.multi().incrBy(name, by).pExpire(name, Math.max(1, Math.ceil(ttlMs)), 'NX').exec();
    return Number(count);
  }

  async count(key: string): Promise<number> {
    const client = await this.#client();
    const value = await client.get(this.#prefix + key);
    return value === null ? 0 : Number(value);
  }

  async clear(key: string): Promise<void> {
    const client = await this.#client();
    await client.del(this.#prefix + key);
  }
}
