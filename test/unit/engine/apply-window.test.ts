// Client items applied with a few backend writes in flight: statuses stay in the client's
// order, a failed item gets its own status, and the device state knows every item after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';
import { StoreError } from '../../../gateway/ports/data-store.ts';
import type { Status } from '../../../gateway/protocol/model.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };

/** Writes finish out of order: every third item waits longer than the two after it. */
function slowWrites(store: { create(data: string): Promise<unknown>; update(id: string, data: string, ifMatch?: string): Promise<unknown> }) {
  let n = 0;
  const load = { inFlight: 0, peak: 0 };
  const delay = async () => {
    load.peak = Math.max(load.peak, ++load.inFlight);
    await new Promise((resolve) => setTimeout(resolve, n++ % 3 === 0 ? 15 : 1));
    load.inFlight--;
  };
  const create = store.create.bind(store);
  const update = store.update.bind(store);
  store.create = async (data) => {
    await delay();
    if (data.includes('Broken')) throw new StoreError('unavailable', 'backend down for this one');
    return create(data);
  };
  store.update = async (id, data, ifMatch) => {
    await delay();
    return update(id, data, ifMatch);
  };
  return load;
}

function itemStatuses(replies: { body: unknown[] }[], cmd: string): Array<[string, string]> {
  return replies.flatMap((r) => r.body.filter((c): c is Status => (c as Status).kind === 'Status' && (c as Status).cmd === cmd).map((s) => [s.sourceRefs[0] ?? '', s.data] as [string, string]));
}

test('a slow sync of new items with three in flight answers in the client order, failures included', async () => {
  const h = engineHarness(undefined, undefined, { applyConcurrency: 3 });
  const store = h.accounts.storeOf(alice.user);
  const load = slowWrites(store);
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  const luids = Array.from({ length: 20 }, (_, i) => client.add(vcard(i === 7 ? 'Broken Person' : `Person ${i}`)));
  const out = await client.sync(h.process, 201);
  // In a slow sync the client sends everything as Replace.
  const statuses = itemStatuses(out.replies, 'Replace');
  assert.deepEqual(statuses.map(([luid]) => luid), luids);
  assert.deepEqual(statuses.map(([, code]) => code), luids.map((_, i) => (i === 7 ? '503' : '201')));
  assert.equal(store.items.size, 19);
  assert.equal(load.peak, 3);
  // The device state holds the 19: a two-way sync afterwards sends nothing back.
  const again = await client.sync(h.process);
  assert.equal(again.serverMode, 200);
  assert.deepEqual(again.received, { add: 0, replace: 0, delete: 0 });
});

test('two-way changes with three in flight: replaces and a re-used LUID keep their order', async () => {
  const h = engineHarness(undefined, undefined, { applyConcurrency: 3 });
  const store = h.accounts.storeOf(alice.user);
  const client = new ModelClient({ deviceId: 'dev-2', ...alice });
  const luids = Array.from({ length: 9 }, (_, i) => client.add(vcard(`Person ${i}`)));
  await client.sync(h.process, 201);
  const load = slowWrites(store);
  for (const [i, luid] of luids.entries()) client.replace(luid, vcard(`Person ${i}`, `NOTE:changed ${i}\r\n`));
  const extra = Array.from({ length: 4 }, (_, i) => client.add(vcard(`New ${i}`)));
  const out = await client.sync(h.process);
  assert.deepEqual(itemStatuses(out.replies, 'Replace').map(([luid]) => luid), luids);
  assert.deepEqual(itemStatuses(out.replies, 'Add').map(([luid]) => luid), extra);
  const notes = [...store.items.values()].map((item) => /NOTE:changed (\d)/.exec(item.data)?.[1]).filter((n) => n !== undefined).sort();
  assert.deepEqual(notes, ['0', '1', '2', '3', '4', '5', '6', '7', '8']);
  assert.equal(store.items.size, 13);
  assert.equal(load.peak, 3);
  const again = await client.sync(h.process);
  assert.deepEqual(again.received, { add: 0, replace: 0, delete: 0 });
});
