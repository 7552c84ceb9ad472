// Lost updates: someone else changes an item on the server between the engine's change listing
// and its write of the client's Replace or Delete. The write is conditional on the version the
// engine decided against, so the other change is never overwritten or deleted silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';
import type { ConflictPolicy } from '../../../gateway/engine/context.ts';
import type { Status } from '../../../gateway/protocol/model.ts';
import { MultiStore } from '../../../gateway/engine/multi-store.ts';
import { MemoryDataStore } from '../../support/memory-backend.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };

/** A client and server in step with one contact; `store.beforeWrite` is free for the test. */
async function inStep(policy: ConflictPolicy) {
  const h = engineHarness(undefined, undefined, { conflictPolicy: policy });
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  const luid = client.add(vcard('Anna A'));
  await client.sync(h.process);
  const store = h.accounts.storeOf(alice.user);
  const id = [...store.items.keys()][0]!;
  return { h, client, store, luid, id };
}

/** The etags the engine wrote on condition of, and an edit made by "someone else" before the first write. */
function behindTheBack(store: MemoryDataStore, id: string, note: string, times = 1) {
  const conditions: Array<string | undefined> = [];
  let left = times;
  store.beforeWrite = (_op, itemId, ifMatch) => {
    conditions.push(ifMatch);
    if (itemId === id && left-- > 0) store.put(id, vcard('Anna A', `NOTE:${note}\r\n`));
  };
  return conditions;
}

function statusOf(out: { replies: Array<{ body: unknown[] }> }, cmd: string): string | undefined {
  return out.replies.flatMap((r) => r.body as Status[]).find((c) => c.kind === 'Status' && c.cmd === cmd)?.data;
}

const notes = (texts: Iterable<string>) => [...texts].map((t) => /NOTE:(\w+)/.exec(t)?.[1] ?? '-').sort();
const nothing = { add: 0, replace: 0, delete: 0 };

test('Replace, server wins: the change made after the listing stays and goes to the client (419)', async () => {
  const { h, client, store, luid, id } = await inStep('server-wins');
  const etag = store.items.get(id)!.etag;
  const conditions = behindTheBack(store, id, 'other');
  client.replace(luid, vcard('Anna A', 'NOTE:client\r\n'));
  const out = await client.sync(h.process);
  assert.equal(statusOf(out, 'Replace'), '419');
  assert.deepEqual(conditions, [etag], 'written on condition of the version the device holds');
  assert.deepEqual(notes([...store.items.values()].map((i) => i.data)), ['other']);
  assert.deepEqual(notes(client.items.values()), ['other']);
  assert.equal(out.received.replace, 1);
  store.beforeWrite = undefined;
  assert.deepEqual((await client.sync(h.process)).received, nothing, 'anchors and etags agree afterwards');
});

test('Replace, client wins: written again once over the version read after the 412 (208)', async () => {
  const { h, client, store, luid, id } = await inStep('client-wins');
  const etag = store.items.get(id)!.etag;
  const conditions = behindTheBack(store, id, 'other');
  client.replace(luid, vcard('Anna A', 'NOTE:client\r\n'));
  const out = await client.sync(h.process);
  assert.equal(statusOf(out, 'Replace'), '208');
  assert.equal(conditions.length, 2);
  assert.equal(conditions[0], etag);
  assert.notEqual(conditions[1], etag, 'the retry is conditional on the fresh version');
  assert.deepEqual(notes([...store.items.values()].map((i) => i.data)), ['client']);
  assert.deepEqual(notes(client.items.values()), ['client']);
  assert.deepEqual(out.received, nothing);
  store.beforeWrite = undefined;
  assert.deepEqual((await client.sync(h.process)).received, nothing);
});

test('Replace, client wins: changed again before the retry, the item fails (409) and nothing is half-applied', async () => {
  const { h, client, store, luid, id } = await inStep('client-wins');
  const conditions = behindTheBack(store, id, 'other', 2);
  client.replace(luid, vcard('Anna A', 'NOTE:client\r\n'));
  const out = await client.sync(h.process);
  assert.equal(statusOf(out, 'Replace'), '409');
  assert.equal(conditions.length, 2, 'one retry, no more');
  assert.deepEqual(notes([...store.items.values()].map((i) => i.data)), ['other']);
  store.beforeWrite = undefined;
  // The other change came after the listing's token: the next sync brings it to the device.
  const next = await client.sync(h.process);
  assert.equal(next.received.replace, 1);
  assert.deepEqual(notes(client.items.values()), ['other']);
});

test('Replace of an item listed as changed: conditional on the listed version, not the device state', async () => {
  const { h, client, store, luid, id } = await inStep('client-wins');
  const listed = store.put(id, vcard('Anna A', 'NOTE:server\r\n')).etag;
  const conditions = behindTheBack(store, id, 'other');
  client.replace(luid, vcard('Anna A', 'NOTE:client\r\n'));
  const out = await client.sync(h.process);
  assert.equal(statusOf(out, 'Replace'), '208');
  assert.equal(conditions[0], listed);
  assert.deepEqual(notes([...store.items.values()].map((i) => i.data)), ['client']);
  assert.deepEqual(notes(client.items.values()), ['client']);
});

test('Replace, keep both: the other change and the client copy both end on both sides (209)', async () => {
  const { h, client, store, luid, id } = await inStep('duplicate');
  behindTheBack(store, id, 'other');
  client.replace(luid, vcard('Anna A', 'NOTE:client\r\n'));
  const out = await client.sync(h.process);
  assert.equal(statusOf(out, 'Replace'), '209');
  assert.deepEqual(notes([...store.items.values()].map((i) => i.data)), ['client', 'other']);
  assert.deepEqual(notes(client.items.values()), ['client', 'other']);
  store.beforeWrite = undefined;
  assert.deepEqual((await client.sync(h.process)).received, nothing);
});

test('Delete, server wins: the item changed after the listing is not deleted and goes back to the client (419)', async () => {
  const { h, client, store, luid, id } = await inStep('server-wins');
  const etag = store.items.get(id)!.etag;
  const conditions = behindTheBack(store, id, 'other');
  client.delete(luid);
  const out = await client.sync(h.process);
  assert.equal(statusOf(out, 'Delete'), '419');
  assert.deepEqual(conditions, [etag]);
  assert.deepEqual(notes([...store.items.values()].map((i) => i.data)), ['other']);
  assert.equal(out.received.add, 1);
  assert.deepEqual(notes(client.items.values()), ['other']);
  store.beforeWrite = undefined;
  assert.deepEqual((await client.sync(h.process)).received, nothing);
});

test('Delete, client wins: deleted once more over the version read after the 412 (208)', async () => {
  const { h, client, store, luid, id } = await inStep('client-wins');
  const conditions = behindTheBack(store, id, 'other');
  client.delete(luid);
  const out = await client.sync(h.process);
  assert.equal(statusOf(out, 'Delete'), '208');
  assert.equal(conditions.length, 2);
  assert.equal(store.items.size, 0);
  assert.equal(client.items.size, 0);
  store.beforeWrite = undefined;
  assert.deepEqual((await client.sync(h.process)).received, nothing);
});

test('Delete of an item deleted on the server meanwhile: nothing to do (200)', async () => {
  const { h, client, store, luid, id } = await inStep('server-wins');
  store.beforeWrite = () => void store.items.delete(id);
  client.delete(luid);
  const out = await client.sync(h.process);
  assert.equal(statusOf(out, 'Delete'), '200');
  assert.equal(client.items.size, 0);
});

test('a move to another collection on condition of a stale version leaves no copy behind', async () => {
  const events = new MemoryDataStore('events');
  const tasks = new MemoryDataStore('tasks');
  const multi = new MultiStore({ parts: [{ key: 'events', store: events }, { key: 'tasks', store: tasks }], plainKey: 'events', choose: () => 'tasks' });
  const stale = events.put('e.ics', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n').etag;
  events.put('e.ics', 'BEGIN:VCALENDAR\r\nX-OTHER:1\r\nEND:VCALENDAR\r\n');
  await assert.rejects(multi.update('e.ics', 'BEGIN:VCALENDAR\r\nX-TODO:1\r\nEND:VCALENDAR\r\n', stale), { name: 'StoreError', kind: 'conflict' });
  assert.equal(tasks.items.size, 0);
  assert.match(events.items.get('e.ics')!.data, /X-OTHER/);
});
