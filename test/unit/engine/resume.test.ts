// Resume (SyncML 1.2, Alert 225): a sync interrupted half-way goes on in a new session
// without doing again what was done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';
import type { Alert, Command, Status, SyncMLMessage } from '../../../gateway/protocol/model.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };
const cred = { meta: { type: 'syncml:auth-basic', format: 'b64' }, data: Buffer.from(`${alice.user}:${alice.password}`).toString('base64') };

function message(session: string, msgID: number, body: Command[], final: boolean): SyncMLMessage {
  return {
    version: '1.2',
    hdr: { verDTD: '1.2', verProto: 'SyncML/1.2', sessionID: session, msgID: String(msgID), target: { locURI: 'http://gateway.test/syncml' }, source: { locURI: 'dev-r' }, ...(msgID === 1 ? { cred } : {}) },
    body,
    final,
  };
}
const alert = (code: number, last: string, next: string): Alert => ({
  kind: 'Alert', cmdID: '1', data: code, items: [{ target: { locURI: 'Contacts' }, source: { locURI: './contacts' }, meta: { anchor: { last, next } } }],
});
const adds = (from: number, to: number): Command[] => [{
  kind: 'Sync', cmdID: '2', target: { locURI: 'Contacts' }, source: { locURI: './contacts' },
  commands: Array.from({ length: to - from }, (_, i) => ({ kind: 'Add' as const, cmdID: String(10 + i), meta: { type: 'text/vcard' }, items: [{ source: { locURI: `L${from + i}` }, data: vcard(`Person ${from + i}`) }] })),
}];
const sidOf = (m: SyncMLMessage) => new URL(m.hdr.respURI!).searchParams.get('sid')!;
const alertStatus = (m: SyncMLMessage) => m.body.find((c): c is Status => c.kind === 'Status' && c.cmd === 'Alert')?.data;

test('an interrupted two-way sync resumes (client Alert 225) and nothing is applied twice', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf(alice.user);
  // A first, complete sync sets the anchors (client Next 'a1').
  const warmUp = await h.process(message('1', 1, [alert(201, '', 'a1')], true), undefined);
  const s1 = sidOf(warmUp);
  const w2 = await h.process(message('1', 2, adds(0, 0), true), s1);
  await h.process(message('1', 3, [], true), sidOf(w2));

  // Session 2: five adds, cut off after three.
  const r1 = await h.process(message('2', 1, [alert(200, 'a1', 'a2')], true), undefined);
  assert.equal(alertStatus(r1), '200');
  await h.process(message('2', 2, adds(0, 3), false), sidOf(r1));
  assert.equal(store.items.size, 3);

  // Session 3: resume; the client sends the two it had not sent.
  const r3 = await h.process(message('3', 1, [alert(225, 'a1', 'a2')], true), undefined);
  assert.equal(alertStatus(r3), '200', 'resume accepted');
  assert.ok(r3.body.some((c) => c.kind === 'Alert' && c.data === 200), 'answered with the interrupted sync type (200), as the Synthesis engine expects');
  assert.ok(!r3.body.some((c) => c.kind === 'Alert' && c.data === 225), 'never 225 from the server');
  const r4 = await h.process(message('3', 2, adds(3, 5), true), sidOf(r3));
  await h.process(message('3', 3, [], true), sidOf(r4));
  assert.equal(store.items.size, 5);
  assert.equal(store.calls.create, 5, 'each item created once');

  // The next sync is a normal two-way one.
  const next = await h.process(message('4', 1, [alert(200, 'a2', 'a3')], true), undefined);
  assert.equal(alertStatus(next), '200');
  assert.ok(next.body.some((c) => c.kind === 'Alert' && c.data === 200));
});

test('a resume with nothing to resume is refused with 508 and a slow sync', async () => {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'dev-r2', ...alice });
  client.add(vcard('Anna A'));
  await client.sync(h.process);
  const reply = await h.process(
    { ...message('9', 1, [alert(225, 'whatever', 'n')], true), hdr: { ...message('9', 1, [], true).hdr, source: { locURI: 'dev-r2' } } },
    undefined,
  );
  assert.equal(alertStatus(reply), '508');
  assert.ok(reply.body.some((c) => c.kind === 'Alert' && c.data === 201));
});
