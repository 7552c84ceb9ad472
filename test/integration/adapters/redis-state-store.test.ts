// The Redis state store against a real Redis: the same contract as the embedded store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStateStore } from '../../../adapters/state/index.ts';
import { stateStoreContract } from '../../unit/adapters/state-store.contract.ts';
import { ensureServers, targets } from './targets.ts';

stateStoreContract(`Redis at ${targets.redisUrl}`, {
  setup: ensureServers,
  open: () => createStateStore(targets.redisUrl),
});

test('an unreachable Redis is an error, not an empty store', async () => {
  const store = createStateStore('redis://127.0.0.1:1', { connectTimeoutMs: 500 });
  try {
    await assert.rejects(store.get('anything'));
    await assert.rejects(store.set('anything', 1));
  } finally {
    await store.close().catch(() => {});
  }
});
