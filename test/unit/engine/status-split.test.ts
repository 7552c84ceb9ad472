// Replies made mostly of statuses, split by the client's MaxMsgSize: what does not fit goes
// in the next message, after its SyncHdr Status, and the client asks for it with Alert 222
// (OMA DS Protocol 1.2, multiple messages in a package; RepPro 1.2, Status).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';
import { writeMessage } from '../../../gateway/protocol/write.ts';
import { encode } from '../../../gateway/codec/index.ts';
import type { Status, SyncMLMessage } from '../../../gateway/protocol/model.ts';

const bytesOf = (m: SyncMLMessage): number => encode(writeMessage(m), 'xml').length;
const statuses = (m: SyncMLMessage): Status[] => m.body.filter((c): c is Status => c.kind === 'Status');

test('500 Adds from a client of MaxMsgSize 2000: every reply fits, all 500 statuses arrive in order', async () => {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'dev-small', user: 'alice@example.com', password: 'alice-secret', maxMsgSize: 2000 });
  // A first (slow) sync of nothing gives the device an anchor; then its 500 new items go as Adds.
  await client.sync(h.process);
  const luids: string[] = [];
  for (let i = 0; i < 500; i++) luids.push(client.add(vcard(`Person${i} Small`)));
  const outcome = await client.sync(h.process);

  assert.equal(outcome.hdrStatus, 200);
  for (const [i, reply] of outcome.replies.entries()) assert.ok(bytesOf(reply) <= 2000, `reply ${i + 1}: ${bytesOf(reply)} bytes`);
  // The SyncHdr Status is the first command of every reply, whatever it carries from before.
  for (const reply of outcome.replies) assert.equal(statuses(reply)[0]?.cmd, 'SyncHdr');

  const adds = outcome.replies.flatMap((r) => statuses(r).filter((s) => s.cmd === 'Add'));
  assert.equal(adds.length, 500);
  assert.deepEqual(adds.map((s) => s.sourceRefs[0]), luids, 'statuses in the order of the Adds');
  assert.ok(adds.every((s) => s.data === '201' && s.msgRef === '2'), 'all answer the client message 2');
  const cmdRefs = adds.map((s) => Number(s.cmdRef));
  assert.deepEqual(cmdRefs, [...cmdRefs].sort((a, b) => a - b));
  assert.equal(new Set(cmdRefs).size, 500);

  // Spread over many messages; only the last of package 4 carries Final.
  const spread = outcome.replies.filter((r) => statuses(r).some((s) => s.cmd === 'Add'));
  assert.ok(spread.length >= 10, `${spread.length} replies carry the Add statuses`);
  assert.ok(spread.slice(0, -1).every((r) => !r.final), 'a reply with statuses still to come has no Final');
  assert.equal(h.accounts.storeOf('alice@example.com').items.size, 500);

  // The session state survived the split: the next sync is a two-way sync of nothing.
  const again = await client.sync(h.process);
  assert.equal(again.alertStatus, 200);
  assert.equal(again.serverMode, 200);
  assert.deepEqual(again.received, { add: 0, replace: 0, delete: 0 });
});

test('the statuses come first, then the server changes of package 4, each reply within MaxMsgSize', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf('alice@example.com');
  for (let i = 0; i < 40; i++) store.put(`srv-${i}`, vcard(`Server${i} Person`));
  const client = new ModelClient({ deviceId: 'dev-both', user: 'alice@example.com', password: 'alice-secret', maxMsgSize: 2500 });
  for (let i = 0; i < 200; i++) client.add(vcard(`Client${i} Person`));
  const outcome = await client.sync(h.process);

  for (const reply of outcome.replies) assert.ok(bytesOf(reply) <= 2500, `${bytesOf(reply)} bytes`);
  assert.equal(outcome.received.add, 40);
  const firstSync = outcome.replies.findIndex((r) => r.body.some((c) => c.kind === 'Sync'));
  const withStatuses = outcome.replies.map((r) => statuses(r).some((s) => s.cmd === 'Replace'));
  const lastAddStatus = withStatuses.lastIndexOf(true);
  // Package 4 starts in the message that carries the last of them, after them.
  assert.ok(firstSync >= lastAddStatus && lastAddStatus > 1, 'package 4 starts after the last status of package 3');
  assert.ok(outcome.replies.slice(1, firstSync).every((r) => !r.final), 'no Final while statuses wait');
  assert.equal(store.items.size, 240);
  assert.equal(client.items.size, 240);
});

test('a MaxMsgSize smaller than any status: one status per message, and the session still ends', async () => {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'dev-tiny', user: 'alice@example.com', password: 'alice-secret', maxMsgSize: 300 });
  for (let i = 0; i < 12; i++) client.add(vcard(`Tiny${i} Person`));
  const outcome = await client.sync(h.process);

  assert.equal(outcome.hdrStatus, 200);
  // After the header status, each reply carries at least one command, so it makes progress.
  for (const reply of outcome.replies) assert.ok(reply.body.length >= 2 || reply.final, `a reply of ${reply.body.length} command(s)`);
  assert.equal(h.accounts.storeOf('alice@example.com').items.size, 12);
  const replaces = outcome.replies.flatMap((r) => statuses(r).filter((s) => s.cmd === 'Replace'));
  assert.equal(replaces.length, 12, 'slow sync: the items went as Replace');
});

test('Alert 222 with Final in package 2 continues our package and does not start package 4', async () => {
  const h = engineHarness();
  const hdr = (msgID: string, extra = {}) => ({
    verDTD: '1.2', verProto: 'SyncML/1.2', sessionID: '9', msgID, target: { locURI: 'http://gateway.test/syncml' }, source: { locURI: 'dev-222' },
    meta: { maxMsgSize: 1200 }, ...extra,
  });
  const cred = { meta: { type: 'syncml:auth-basic', format: 'b64' }, data: Buffer.from('alice@example.com:alice-secret').toString('base64') };
  // A first message with many Alerts for unknown stores: 404 statuses beyond one message.
  const alerts = Array.from({ length: 30 }, (_, i) => ({ kind: 'Alert' as const, cmdID: String(i + 1), data: 200, items: [{ target: { locURI: `nothing-${i}` }, source: { locURI: `./x${i}` } }] }));
  const first = await h.process({ version: '1.2', hdr: hdr('1', { cred }), body: [...alerts, { kind: 'Alert', cmdID: '31', data: 201, items: [{ target: { locURI: 'Contacts' }, source: { locURI: './contacts' }, meta: { anchor: { next: 'n1' } } }] }], final: true }, undefined);
  assert.equal(first.final, false);
  const sid = new URL(first.hdr.respURI!).searchParams.get('sid')!;
  const seen = [...statuses(first)];
  let reply = first;
  for (let msg = 2; !reply.final && msg < 40; msg++) {
    reply = await h.process({ version: '1.2', hdr: hdr(String(msg)), body: [{ kind: 'Alert', cmdID: '1', data: 222, items: [] }], final: true }, sid);
    assert.ok(!reply.body.some((c) => c.kind === 'Sync'), 'no package 4 before the client sent package 3');
    seen.push(...statuses(reply).filter((s) => s.msgRef === '1'));
  }
  assert.equal(reply.final, true, 'package 2 ends with Final');
  assert.deepEqual(seen.filter((s) => s.cmd === 'Alert' && s.msgRef === '1').map((s) => s.cmdRef), alerts.map((a) => a.cmdID).concat('31'));
  // The session is still in package 2/3: the client's package 3 is taken and answered.
  const last = await h.process({ version: '1.2', hdr: hdr('41'), body: [{ kind: 'Sync', cmdID: '1', target: { locURI: 'Contacts' }, source: { locURI: './contacts' }, commands: [] }], final: true }, sid);
  assert.ok(statuses(last).some((s) => s.cmd === 'Sync' && s.data === '200'));
});
