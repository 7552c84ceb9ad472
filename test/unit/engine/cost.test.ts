// What a sync costs on the backend: incremental syncs read only what changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };

test('a two-way sync with one server change among 500 reads one item and lists nothing', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf(alice.user);
  for (let i = 0; i < 500; i++) store.put(`p${i}.vcf`, vcard(`Person ${i}`));
  const client = new ModelClient({ deviceId: 'dev-1', ...alice, maxMsgSize: 1024 * 1024 });
  assert.equal((await client.sync(h.process)).received.add, 500);
  store.put('p7.vcf', vcard('Person 7', 'NOTE:changed\r\n'));
  const before = { ...store.calls };
  const out = await client.sync(h.process);
  assert.deepEqual(out.received, { add: 0, replace: 1, delete: 0 });
  assert.equal(store.calls.readItems - before.readItems, 1, 'only the changed item is read');
  assert.equal(store.calls.changes - before.changes, 1);
});

test('an unknown store gets 404 and the session still ends cleanly', async () => {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'dev-1', ...alice, storeURI: './nosuchstore' });
  const out = await client.sync(h.process);
  assert.equal(out.alertStatus, 404);
  assert.equal(h.accounts.stores.size, 0);
});

test('a session may move between gateway instances sharing one state store', async () => {
  const one = engineHarness();
  const two = one.restart();
  let turn = 0;
  const alternate = (m: Parameters<typeof one.process>[0], sid: string | undefined) => (turn++ % 2 === 0 ? one : two).process(m, sid);
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  for (let i = 0; i < 5; i++) client.add(vcard(`Person ${i}`));
  const out = await client.sync(alternate);
  assert.ok(out.messages >= 3);
  assert.equal(one.accounts.storeOf(alice.user).items.size, 5);
  const again = await client.sync(alternate);
  assert.equal(again.serverMode, 200);
});

test('syncing one changed event out of 5,000 reads only that event', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf(alice.user, 'events');
  const event = (i: number, summary = `Event ${i}`) =>
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:e${i}\r\nDTSTAMP:20261126T100000Z\r\nDTSTART:20261201T100000Z\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
  for (let i = 0; i < 5000; i++) store.put(`e${i}.ics`, event(i));
  const client = new ModelClient({ deviceId: 'dev-cal', ...alice, storeURI: 'Events', contentType: 'text/calendar', maxMsgSize: 4 * 1024 * 1024 });
  assert.equal((await client.sync(h.process)).received.add, 5000);
  store.put('e4321.ics', event(4321, 'Moved meeting'));
  const before = { ...store.calls };
  const out = await client.sync(h.process);
  assert.deepEqual(out.received, { add: 0, replace: 1, delete: 0 });
  assert.equal(store.calls.readItems - before.readItems, 1, 'one item read');
  assert.equal(store.calls.changes - before.changes, 1, 'one change query');
});
