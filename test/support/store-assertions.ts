// Checks shared by the DataStore adapter tests, unit (scripted server) and integration (Radicale).
import assert from 'node:assert/strict';
import { StoreError, type ChangeSet, type DataStore } from '../../gateway/ports/data-store.ts';

/** The promise rejects with a StoreError of `kind`, its message matching `message` when given. */
export async function rejectsWithStoreError(promise: Promise<unknown>, kind: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof StoreError, `StoreError expected, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

/**
 * Creates three items (UIDs sync-a, sync-b, sync-c), updates the first and removes the second:
 * changes(undefined) is complete and lists all three, changes(token) is exactly that update and
 * that removal, and the token after it has nothing. Removes what is left and returns the first
 * listing, for checks on its token.
 */
export async function assertOneUpdateOneDelete(store: DataStore, item: (uid: string, name: string) => string): Promise<ChangeSet> {
  const a = await store.create(item('sync-a', 'Sync A'));
  const b = await store.create(item('sync-b', 'Sync B'));
  const c = await store.create(item('sync-c', 'Sync C'));
  const full = await store.changes(undefined);
  assert.equal(full.complete, true);
  assert.ok(full.token);
  for (const stored of [a, b, c]) assert.ok(full.changed.some((v) => v.id === stored.id && v.etag === stored.etag));

  const updated = await store.update(a.id, item('sync-a', 'Sync A2'), a.etag);
  await store.remove(b.id, b.etag);
  const delta = await store.changes(full.token);
  assert.equal(delta.complete, false);
  assert.deepEqual(delta.changed, [{ id: a.id, etag: updated.etag }]);
  assert.deepEqual(delta.deleted, [b.id]);
  assert.ok(delta.token && delta.token !== full.token);

  const none = await store.changes(delta.token);
  assert.deepEqual([none.changed, none.deleted, none.complete], [[], [], false]);
  for (const stored of [a, c]) await store.remove(stored.id);
  return full;
}
