// A client that re-sends a message after a timeout gets the same answer; nothing is applied twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { ModelClient, type ProcessFn } from '../../support/model-client.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };

test('every message delivered twice: same answers, every change applied once', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf(alice.user);
  store.put('s1.vcf', vcard('Server One'));
  let repeats = 0;
  const twice: ProcessFn = async (message, sid, url) => {
    const first = await h.process(message, sid, url);
    const second = await h.process(message, sid, url);
    assert.deepEqual(second, first, `answer to message ${message.hdr.msgID} differs when repeated`);
    repeats++;
    return second;
  };
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  for (let i = 0; i < 5; i++) client.add(vcard(`Person ${i}`));
  await client.sync(twice);
  assert.ok(repeats >= 3);
  assert.equal(store.items.size, 6);
  assert.equal(store.calls.create, 5);
  const luid = [...client.items.keys()][0]!;
  client.replace(luid, vcard('Person 0', 'NOTE:once\r\n'));
  client.add(vcard('Late Comer'));
  const before = store.calls.update;
  await client.sync(twice);
  assert.equal(store.items.size, 7);
  assert.equal(store.calls.update - before, 1);
  assert.equal(client.items.size, 7);
});
