// Conflict policies: device and server changed the same contact since the last sync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';
import type { ConflictPolicy } from '../../../gateway/engine/context.ts';
import type { Status } from '../../../gateway/protocol/model.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };

async function conflict(policy: ConflictPolicy, revs: { client?: string; server?: string } = {}) {
  const h = engineHarness(undefined, undefined, { conflictPolicy: policy });
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  const luid = client.add(vcard('Anna A'));
  await client.sync(h.process);
  const store = h.accounts.storeOf(alice.user);
  const id = [...store.items.keys()][0]!;
  store.put(id, vcard('Anna A', `NOTE:server\r\n${revs.server === undefined ? '' : `REV:${revs.server}\r\n`}`));
  client.replace(luid, vcard('Anna A', `NOTE:client\r\n${revs.client === undefined ? '' : `REV:${revs.client}\r\n`}`));
  const out = await client.sync(h.process);
  const statuses = out.replies.flatMap((r) => r.body).filter((c): c is Status => c.kind === 'Status' && c.cmd === 'Replace');
  return { h, client, store, luid, out, replaceStatus: statuses[0]?.data };
}

const notes = (texts: Iterable<string>) => [...texts].map((t) => /NOTE:(\w+)/.exec(t)?.[1]).sort();

test('server wins (default): 419, both sides end with the server version', async () => {
  const { store, client, replaceStatus } = await conflict('server-wins');
  assert.equal(replaceStatus, '419');
  assert.deepEqual(notes([...store.items.values()].map((i) => i.data)), ['server']);
  assert.deepEqual(notes(client.items.values()), ['server']);
});

test('client wins: 208, both sides end with the client version', async () => {
  const { store, client, replaceStatus, out } = await conflict('client-wins');
  assert.equal(replaceStatus, '208');
  assert.equal(out.received.replace, 0);
  assert.deepEqual(notes([...store.items.values()].map((i) => i.data)), ['client']);
  assert.deepEqual(notes(client.items.values()), ['client']);
});

test('newer wins: the later REV wins, whichever side', async () => {
  const clientNewer = await conflict('newer-wins', { client: '20261126T120000Z', server: '20261126T110000Z' });
  assert.equal(clientNewer.replaceStatus, '208');
  assert.deepEqual(notes([...clientNewer.store.items.values()].map((i) => i.data)), ['client']);
  const serverNewer = await conflict('newer-wins', { client: '20261126T100000Z', server: '20261126T110000Z' });
  assert.equal(serverNewer.replaceStatus, '419');
  assert.deepEqual(notes(serverNewer.client.items.values()), ['server']);
});

test('keep both: 209, both versions on both sides', async () => {
  const { store, client, replaceStatus } = await conflict('duplicate');
  assert.equal(replaceStatus, '209');
  assert.deepEqual(notes([...store.items.values()].map((i) => i.data)), ['client', 'server']);
  assert.deepEqual(notes(client.items.values()), ['client', 'server']);
  const uids = [...store.items.values()].map((i) => /UID:(.*)\r\n/.exec(i.data)?.[1]);
  assert.equal(new Set(uids).size, 2, 'the copies have UIDs of their own');
});

test('a slow sync between sides that hold the same 50 contacts leaves 50, not 100', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf(alice.user);
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  for (let i = 0; i < 50; i++) {
    store.put(`s${i}.vcf`, vcard(`Same ${i}`, `UID:server-uid-${i}\r\n`));
    client.add(vcard(`Same ${i}`)); // the device has no UID for them
  }
  const out = await client.sync(h.process);
  assert.equal(out.serverMode, 201);
  assert.equal(store.items.size, 50);
  assert.equal(client.items.size, 50);
  assert.equal(store.calls.update, 0, 'equal copies are not rewritten');
  assert.deepEqual((await client.sync(h.process)).received, { add: 0, replace: 0, delete: 0 });
});
