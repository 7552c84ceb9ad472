// The StateStore contract, written once and registered for every implementation
// (embedded SQLite in test/unit/adapters, Redis in test/integration/adapters).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StateStore } from '../../../gateway/ports/state-store.ts';

export interface StateStoreTarget {
  /** Opens a store on the same backing data each time (same directory, same Redis). */
  open(): Promise<StateStore> | StateStore;
  /** Runs once before the suite (start servers, make directories). */
  setup?(): Promise<void>;
  /** Runs once after the suite. */
  teardown?(): Promise<void>;
}

/** Registers the contract tests for one implementation. Keys are unique per run. */
export function stateStoreContract(name: string, target: StateStoreTarget): void {
  describe(`StateStore contract: ${name}`, () => {
    const prefix = `contract-test:${randomUUID()}:`;
    const key = (k: string) => prefix + k;
    const written = new Set<string>();
    let store: StateStore;

    const set = async <T>(k: string, value: T, ttlMs?: number) => {
      written.add(key(k));
      await store.set(key(k), value, ttlMs);
    };

    before(async () => {
      await target.setup?.();
      store = await target.open();
    });

    after(async () => {
      if (store) {
        for (const k of written) await store.delete(k);
        await store.close();
      }
      await target.teardown?.();
    });

    test('a key never set reads as undefined', async () => {
      assert.equal(await store.get(key('never-set')), undefined);
    });

    test('JSON values come back as they were stored', async () => {
      const values: Record<string, unknown> = {
        object: { device: 'dev-1', anchors: { last: '20240101T000000Z', next: 'x' }, n: 3 },
        array: [1, 'two', { three: 3 }, [4], null, true],
        string: 'snowman ☃ and "quotes" and :colon',
        number: 12.5,
        zero: 0,
        boolean: false,
        null: null,
        emptyString: '',
      };
      for (const [k, v] of Object.entries(values)) await set(k, v);
      for (const [k, v] of Object.entries(values)) assert.deepEqual(await store.get(key(k)), v, k);
    });

    test('set replaces the previous value', async () => {
      await set('replace', { version: 1 });
      await set('replace', { version: 2 });
      assert.deepEqual(await store.get(key('replace')), { version: 2 });
    });

    test('delete removes a key, and deleting a missing key is fine', async () => {
      await set('delete-me', 'x');
      await store.delete(key('delete-me'));
      assert.equal(await store.get(key('delete-me')), undefined);
      await store.delete(key('delete-me'));
      await store.delete(key('never-existed'));
    });

    test('a value with a ttl expires, one without stays', async () => {
      await set('short', 'gone soon', 150);
      await set('long', 'stays', 60_000);
      await set('forever', 'stays');
      assert.equal(await store.get(key('short')), 'gone soon');
      await sleep(400);
      assert.equal(await store.get(key('short')), undefined);
      assert.equal(await store.get(key('long')), 'stays');
      assert.equal(await store.get(key('forever')), 'stays');
    });

    test('setting again without a ttl removes the expiry', async () => {
      await set('ttl-then-none', 'first', 150);
      await set('ttl-then-none', 'second');
      await sleep(400);
      assert.equal(await store.get(key('ttl-then-none')), 'second');
    });

    test('values survive closing and reopening the store', async () => {
      await set('persistent', { map: { a: 'b' } });
      await set('persistent-ttl', 'kept', 60_000);
      await store.close();
      store = await target.open();
      assert.deepEqual(await store.get(key('persistent')), { map: { a: 'b' } });
      assert.equal(await store.get(key('persistent-ttl')), 'kept');
    });

    test('two stores open on the same data see each other\'s writes', async () => {
      const other = await target.open();
      try {
        await set('shared', 'from first');
        assert.equal(await other.get(key('shared')), 'from first');
        await other.set(key('shared'), 'from second');
        assert.equal(await store.get(key('shared')), 'from second');
      } finally {
        await other.close();
      }
    });
    test('counters: atomic increments, negative steps, clear; invisible to get', async () => {
      const k = key('counter');
      assert.equal(await store.count(k), 0);
      assert.equal(await store.increment(k, 60_000), 1);
      assert.equal(await store.increment(k, 60_000), 2);
      assert.equal(await store.increment(k, 60_000, -1), 1);
      assert.equal(await store.count(k), 1);
      assert.equal(await store.get(k), undefined, 'a counter is not a value');
      await store.clearCount(k);
      assert.equal(await store.count(k), 0);
    });

    test('counters: many increments at once from two connections all count', async () => {
      const k = key('counter-race');
      const other = await target.open();
      try {
        const counts = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? store : other).increment(k, 60_000)));
        assert.deepEqual([...counts].sort((a, b) => a - b), Array.from({ length: 60 }, (_, i) => i + 1), 'each increment saw its own count');
        assert.equal(await other.count(k), 60);
      } finally {
        await store.clearCount(k);
        await other.close();
      }
    });

    test('counters: a counter expires ttl after its first increment, later increments do not extend it', async () => {
      const k = key('counter-ttl');
      assert.equal(await store.increment(k, 300), 1);
      await sleep(150);
      assert.equal(await store.increment(k, 300), 2);
      await sleep(250);
      assert.equal(await store.count(k), 0, 'gone 300 ms after the first increment');
      assert.equal(await store.increment(k, 300), 1, 'and starts again');
      await store.clearCount(k);
    });
  });
}
