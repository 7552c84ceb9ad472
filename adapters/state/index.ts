// Chooses the state store from configuration: a redis:// URL, or a directory for the embedded one.
import Keyv from 'keyv';
import { createKeyv } from '@keyv/redis';
import type { StateStore } from '../../gateway/ports/state-store.ts';
import { KeyvStateStore } from './keyv-state-store.ts';
import { SqliteKeyvStore } from './sqlite-keyv-store.ts';
import { RedisCounters, type RedisCounterClient } from './counters.ts';

export { KeyvStateStore } from './keyv-state-store.ts';
export { SqliteKeyvStore } from './sqlite-keyv-store.ts';

const namespace = 'syncml';

export interface StateStoreOptions {
  /** Redis only: TCP connect timeout per attempt (3 retries follow a failure). Default 5 s. */
  connectTimeoutMs?: number;
}

/**
 * `redis://…` or `rediss://…`: Redis, keys under the namespace "syncml" (shared by all gateway
 * instances). Anything else: a directory holding the embedded store `<dir>/state.sqlite`.
 */
export function createStateStore(location: string, options: StateStoreOptions = {}): StateStore {
  if (/^rediss?:\/\//i.test(location)) {
    const connectTimeout = options.connectTimeoutMs ?? 5000;
    const keyv = createKeyv(
      {
        url: location,
        // Fail fast while Redis is away instead of queueing commands until it is back.
        disableOfflineQueue: true,
        // A few quick retries, then operations fail; the next operation connects afresh.
        socket: { connectTimeout, reconnectStrategy: (retries: number, cause: Error) => (retries >= 3 ? cause : 100 * 2 ** retries) },
      },
      { namespace, throwOnErrors: true, throwOnConnectError: true },
    );
    const redis = keyv.store as { getClient(): Promise<unknown> };
    return new KeyvStateStore(keyv, new RedisCounters(async () => (await redis.getClient()) as RedisCounterClient, namespace));
  }
  const store = new SqliteKeyvStore({ directory: location });
  const keyv = new Keyv({ store, namespace, throwOnErrors: true });
  return new KeyvStateStore(keyv, store.counters);
}
