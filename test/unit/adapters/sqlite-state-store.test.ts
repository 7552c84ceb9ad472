// The embedded state store: the StateStore contract, plus the SQLite adapter's own expiry,
// purge and namespace behaviour.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createStateStore, SqliteKeyvStore } from '../../../adapters/state/index.ts';
import { stateStoreContract } from './state-store.contract.ts';

const root = mkdtempSync(join(tmpdir(), 'syncml-state-'));
after(() => rmSync(root, { recursive: true, force: true }));

stateStoreContract('embedded SQLite', {
  open: () => createStateStore(join(root, 'contract', 'nested')),
});

test('the embedded store is one WAL-mode file state.sqlite in the directory', async () => {
  const dir = join(root, 'file');
  const store = createStateStore(dir);
  await store.set('k', { v: 1 });
  assert.ok(existsSync(join(dir, 'state.sqlite')));
  const db = new Database(join(dir, 'state.sqlite'), { readonly: true });
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const row = db.prepare('SELECT key, value, expires FROM keyv').get() as { key: string; value: string; expires: number | null };
    assert.equal(row.key, 'syncml:k');
    assert.deepEqual(JSON.parse(row.value).value, { v: 1 });
    assert.equal(row.expires, null);
  } finally {
    db.close();
    await store.close();
  }
});

test('the adapter ignores expired rows on read and purges them on a later write', async () => {
  let now = 1_000_000;
  const dir = join(root, 'expiry');
  const adapter = new SqliteKeyvStore({ directory: dir, now: () => now, purgeIntervalMs: 10_000 });
  try {
    await adapter.set('a', 'A', 5_000);
    await adapter.set('b', 'B');
    assert.equal(await adapter.get('a'), 'A');
    assert.equal(await adapter.has('a'), true);
    now += 5_000;
    assert.equal(await adapter.get('a'), undefined);
    assert.equal(await adapter.has('a'), false);
    assert.deepEqual(await adapter.getMany(['a', 'b', 'c']), [undefined, 'B', undefined]);
    now += 10_000;
    await adapter.set('c', 'C');
    const db = new Database(join(dir, 'state.sqlite'), { readonly: true });
    const keys = db.prepare('SELECT key FROM keyv ORDER BY key').all() as { key: string }[];
    db.close();
    assert.deepEqual(keys.map((k) => k.key), ['b', 'c']);
  } finally {
    await adapter.disconnect();
  }
});

test('clear() only removes the keys of its namespace', async () => {
  const dir = join(root, 'clear');
  const mine = new SqliteKeyvStore({ directory: dir });
  const theirs = new SqliteKeyvStore({ directory: dir });
  try {
    mine.namespace = 'syncml';
    theirs.namespace = 'sync_ml';
    await mine.set('syncml:1', 'x');
    await theirs.set('sync_ml:1', 'y');
    await theirs.set('syncmlx:1', 'z');
    await mine.clear();
    assert.equal(await mine.get('syncml:1'), undefined);
    assert.equal(await theirs.get('sync_ml:1'), 'y');
    assert.equal(await theirs.get('syncmlx:1'), 'z');
  } finally {
    await mine.disconnect();
    await theirs.disconnect();
  }
});

test('getMany reads more keys than one SQL statement takes', async () => {
  const adapter = new SqliteKeyvStore({ directory: join(root, 'many') });
  try {
    const keys = Array.from({ length: 1200 }, (_, i) => `k${i}`);
    for (const k of keys.filter((_, i) => i % 3 === 0)) await adapter.set(k, k.toUpperCase());
    const values = await adapter.getMany(keys);
    assert.equal(values.length, 1200);
    assert.equal(values[0], 'K0');
    assert.equal(values[1], undefined);
    assert.equal(values[1197], 'K1197');
  } finally {
    await adapter.disconnect();
  }
});
