// The nine sync methods (SPEC item 4) over in-memory ports, each checked on both sides.
// Starting point of every test: device and server share P1-P3; then the server gains S1
// and the device gains C1, both unsynced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard, type EngineHarness } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };
const base = 'http://gateway.test/syncml';

function names(items: Iterable<string>): string[] {
  return [...items].map((d) => /FN:(.*)\r?\n/.exec(d)?.[1] ?? '?').sort();
}

async function setup(): Promise<{ h: EngineHarness; client: ModelClient; server: () => string[]; device: () => string[] }> {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  for (const n of ['P1 x', 'P2 x', 'P3 x']) client.add(vcard(n));
  await client.sync(h.process);
  const store = h.accounts.storeOf(alice.user);
  store.put('s1.vcf', vcard('S1 x'));
  client.add(vcard('C1 x'));
  return {
    h,
    client,
    server: () => names([...store.items.values()].map((i) => i.data)),
    device: () => names(client.items.values()),
  };
}

const P = ['P1 x', 'P2 x', 'P3 x'];

test('1: two-way moves both changes', async () => {
  const { h, client, server, device } = await setup();
  const out = await client.sync(h.process);
  assert.equal(out.serverMode, 200);
  assert.deepEqual(server(), [...P.slice(0, 0), 'C1 x', ...P, 'S1 x'].sort());
  assert.deepEqual(device(), server());
});

test('2: slow sync (URL sync=2) ends with the union and no duplicates', async () => {
  const { h, client, server, device } = await setup();
  const out = await client.sync(h.process, 200, { url: `${base}?sync=2` });
  assert.equal(out.serverMode, 201);
  assert.equal(out.alertStatus, 508);
  assert.deepEqual(server(), ['C1 x', ...P, 'S1 x'].sort());
  assert.deepEqual(device(), server());
});

test('3: one-way update of the server (URL sync=3): the device change goes up, the server change waits', async () => {
  const { h, client, server, device } = await setup();
  await client.sync(h.process, 200, { url: `${base}?sync=3` });
  assert.deepEqual(server(), ['C1 x', ...P, 'S1 x'].sort());
  assert.deepEqual(device(), ['C1 x', ...P].sort());
  await client.sync(h.process);
  assert.deepEqual(device(), server(), 'the held-back server change comes with the next sync');
});

test('3 requested by the client (202) works the same', async () => {
  const { h, client, server, device } = await setup();
  const out = await client.sync(h.process, 202);
  assert.equal(out.serverMode, 202);
  assert.deepEqual(server(), ['C1 x', ...P, 'S1 x'].sort());
  assert.deepEqual(device(), ['C1 x', ...P].sort());
});

test('4: refresh of the server (client 203): the server becomes the client', async () => {
  const { h, client, server, device } = await setup();
  await client.sync(h.process, 203);
  assert.deepEqual(server(), ['C1 x', ...P].sort());
  assert.deepEqual(device(), server());
});

test('4 forced by URL over a client that asked two-way', async () => {
  const { h, client, server, device } = await setup();
  const out = await client.sync(h.process, 200, { url: `${base}?sync=4` });
  assert.equal(out.serverMode, 201, 'carried out over a slow sync');
  assert.deepEqual(server(), ['C1 x', ...P].sort());
  assert.deepEqual(device(), server());
});

test('5: one-way update of the client (URL sync=5): server change comes down, the device change is not applied', async () => {
  const { h, client, server, device } = await setup();
  await client.sync(h.process, 200, { url: `${base}?sync=5` });
  assert.deepEqual(server(), [...P, 'S1 x'].sort());
  assert.deepEqual(device(), ['C1 x', ...P, 'S1 x'].sort());
});

test('6: refresh of the client (client 205): the client becomes the server', async () => {
  const { h, client, server, device } = await setup();
  const out = await client.sync(h.process, 205);
  assert.equal(out.serverMode, 205);
  assert.deepEqual(device(), [...P, 'S1 x'].sort());
  assert.deepEqual(server(), [...P, 'S1 x'].sort());
});

test('6 forced by URL over a slow sync: matched items replaced, the rest deleted on the device', async () => {
  const { h, client, server, device } = await setup();
  const out = await client.sync(h.process, 200, { url: `${base}?sync=6` });
  assert.equal(out.serverMode, 201);
  assert.deepEqual(device(), [...P, 'S1 x'].sort());
  assert.deepEqual(server(), [...P, 'S1 x'].sort());
  assert.deepEqual((await client.sync(h.process)).received, { add: 0, replace: 0, delete: 0 });
});

test('7: slow sync to the server (URL sync=7): server erased, then all client data copied', async () => {
  const { h, client, server, device } = await setup();
  const store = h.accounts.storeOf(alice.user);
  const before = new Set(store.items.keys());
  await client.sync(h.process, 200, { url: `${base}?sync=7` });
  assert.deepEqual(server(), ['C1 x', ...P].sort());
  assert.deepEqual(device(), server());
  assert.ok([...store.items.keys()].every((id) => !before.has(id)), 'every server item is new');
  assert.deepEqual((await client.sync(h.process)).received, { add: 0, replace: 0, delete: 0 });
});

test('8: slow sync to the client (URL sync=8): client erased, then all server data copied', async () => {
  const { h, client, server, device } = await setup();
  const out = await client.sync(h.process, 200, { url: `${base}?sync=8` });
  assert.equal(out.received.delete, 4, 'every client item deleted');
  assert.equal(out.received.add, 4, 'every server item added');
  assert.deepEqual(device(), [...P, 'S1 x'].sort());
  assert.deepEqual(server(), [...P, 'S1 x'].sort());
  assert.deepEqual((await client.sync(h.process)).received, { add: 0, replace: 0, delete: 0 });
});

test('9: reset of the client (URL reset, or sync=9 in the Target LocURI only): device emptied, server untouched', async () => {
  for (const options of [{ url: `${base}?reset` }, { url: base, targetURI: `${base}?sync=9` }]) {
    const { h, client, server, device } = await setup();
    await client.sync(h.process, 200, options);
    assert.deepEqual(device(), []);
    assert.deepEqual(server(), [...P, 'S1 x'].sort());
  }
});

test('URL 3 and 5 with disagreeing anchors become 7 and 8', async () => {
  for (const [url, method] of [['?sync=3', 7], ['?sync=5', 8]] as const) {
    const { h, client, server, device } = await setup();
    (client as unknown as { anchor: string }).anchor = 'stale';
    const out = await client.sync(h.process, 200, { url: `${base}${url}` });
    assert.equal(out.alertStatus, 508);
    if (method === 7) assert.deepEqual(server(), ['C1 x', ...P].sort());
    else assert.deepEqual(device(), [...P, 'S1 x'].sort());
  }
});

test('a parameter on the store URI applies to that store', async () => {
  const { h, client, server, device } = await setup();
  (client.options as { storeURI?: string }).storeURI = 'Contacts?sync=5';
  await client.sync(h.process);
  assert.deepEqual(server(), [...P, 'S1 x'].sort());
  assert.deepEqual(device(), ['C1 x', ...P, 'S1 x'].sort());
});
