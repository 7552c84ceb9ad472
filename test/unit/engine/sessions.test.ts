// Whole sessions against the engine over in-memory ports: slow, two-way, changes on
// either side, several devices, wrong password, restart, multi-message package 4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };

function names(items: Iterable<string>): string[] {
  return [...items].map((d) => /FN:(.*)\r?\n/.exec(d)?.[1] ?? '?').sort();
}

test('first sync is slow and stores every client item; the next is two-way and moves nothing', async () => {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  for (let i = 0; i < 10; i++) client.add(vcard(`Person ${i}`));
  const first = await client.sync(h.process);
  const firstHdr = first.replies[0]?.body.find((c) => c.kind === 'Status' && c.cmd === 'SyncHdr');
  assert.equal(firstHdr?.kind === 'Status' ? firstHdr.data : undefined, '212', 'authentication accepted on the first message');
  assert.equal(first.hdrStatus, 200, 'plain 200 on later messages');
  assert.equal(first.serverMode, 201);
  const store = h.accounts.storeOf(alice.user);
  assert.equal(store.items.size, 10);
  assert.deepEqual(names([...store.items.values()].map((i) => i.data)), names(client.items.values()));
  const second = await client.sync(h.process);
  assert.equal(second.serverMode, 200);
  assert.deepEqual(second.received, { add: 0, replace: 0, delete: 0 });
  assert.equal(store.items.size, 10);
});

test('changes made on the server reach the device, and only those', async () => {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  const keep = client.add(vcard('Keep Me'));
  client.add(vcard('Change Me'));
  client.add(vcard('Delete Me'));
  await client.sync(h.process);
  const store = h.accounts.storeOf(alice.user);
  const byName = (n: string) => [...store.items.values()].find((i) => i.data.includes(`FN:${n}`));
  store.put('new.vcf', vcard('New Person'));
  store.put(byName('Change Me')!.id, vcard('Change Me', 'NOTE:changed\r\n'));
  await store.remove(byName('Delete Me')!.id);
  const out = await client.sync(h.process);
  assert.equal(out.serverMode, 200);
  assert.deepEqual(out.received, { add: 1, replace: 1, delete: 1 });
  assert.deepEqual(names(client.items.values()), ['Change Me', 'Keep Me', 'New Person']);
  assert.ok([...client.items.values()].some((d) => d.includes('NOTE:changed')));
  assert.ok(client.items.has(keep));
});

test('changes made on the device reach the server without echo', async () => {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  const a = client.add(vcard('Anna A'));
  const b = client.add(vcard('Bert B'));
  await client.sync(h.process);
  client.add(vcard('Carl C'));
  client.replace(a, vcard('Anna A', 'NOTE:edited\r\n'));
  client.delete(b);
  const out = await client.sync(h.process);
  assert.deepEqual(out.received, { add: 0, replace: 0, delete: 0 }, 'nothing comes back to the device');
  const store = h.accounts.storeOf(alice.user);
  assert.deepEqual(names([...store.items.values()].map((i) => i.data)), ['Anna A', 'Carl C']);
  assert.ok([...store.items.values()].some((i) => i.data.includes('NOTE:edited')));
  const again = await client.sync(h.process);
  assert.deepEqual(again.received, { add: 0, replace: 0, delete: 0 });
});

test('a second device gets everything, and its change reaches the first', async () => {
  const h = engineHarness();
  const one = new ModelClient({ deviceId: 'dev-1', ...alice });
  for (let i = 0; i < 5; i++) one.add(vcard(`Person ${i}`));
  await one.sync(h.process);
  const two = new ModelClient({ deviceId: 'dev-2', ...alice });
  const first = await two.sync(h.process);
  assert.equal(first.received.add, 5);
  const luid = [...two.items.entries()].find(([, d]) => d.includes('Person 3'))![0];
  two.replace(luid, vcard('Person 3', 'NOTE:from device two\r\n'));
  await two.sync(h.process);
  const back = await one.sync(h.process);
  assert.deepEqual(back.received, { add: 0, replace: 1, delete: 0 });
  assert.ok([...one.items.values()].some((d) => d.includes('NOTE:from device two')));
});

test('a wrong password gets 401 and touches nothing', async () => {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  client.add(vcard('Anna A'));
  const out = await client.sync(h.process, 200, { password: 'wrong' });
  assert.equal(out.hdrStatus, 401);
  assert.equal(h.accounts.storeOf(alice.user).items.size, 0);
  assert.equal(h.accounts.storeOf(alice.user).calls.changes, 0);
});

test('after a restart the next sync is two-way, not slow', async () => {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  client.add(vcard('Anna A'));
  await client.sync(h.process);
  const restarted = h.restart();
  const out = await client.sync(restarted.process);
  assert.equal(out.serverMode, 200);
  assert.equal(out.alertStatus, 200);
});

test('a mismatched anchor forces a slow sync with 508, without duplicates', async () => {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  for (let i = 0; i < 3; i++) client.add(vcard(`Person ${i}`));
  await client.sync(h.process);
  (client as unknown as { anchor: string }).anchor = 'bogus';
  const out = await client.sync(h.process);
  assert.equal(out.alertStatus, 508);
  assert.equal(out.serverMode, 201);
  assert.equal(h.accounts.storeOf(alice.user).items.size, 3);
  assert.equal(client.items.size, 3);
});

test('package 4 is split over several messages under a small MaxMsgSize', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf(alice.user);
  for (let i = 0; i < 60; i++) store.put(`p${i}.vcf`, vcard(`Person ${i}`, `NOTE:${'x'.repeat(200)}\r\n`));
  const client = new ModelClient({ deviceId: 'dev-1', ...alice, maxMsgSize: 4000 });
  const out = await client.sync(h.process);
  assert.equal(out.received.add, 60);
  assert.ok(out.messages > 5, `expected several messages, got ${out.messages}`);
  assert.equal(client.items.size, 60);
  const again = await client.sync(h.process);
  assert.deepEqual(again.received, { add: 0, replace: 0, delete: 0 });
});

test('conflict: server wins when both sides changed the same item', async () => {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  const luid = client.add(vcard('Anna A'));
  await client.sync(h.process);
  const store = h.accounts.storeOf(alice.user);
  const id = [...store.items.keys()][0]!;
  store.put(id, vcard('Anna A', 'NOTE:server\r\n'));
  client.replace(luid, vcard('Anna A', 'NOTE:client\r\n'));
  const out = await client.sync(h.process);
  assert.equal(out.received.replace, 1);
  assert.match(store.items.get(id)!.data, /NOTE:server/);
  assert.match(client.items.get(luid)!, /NOTE:server/);
});
