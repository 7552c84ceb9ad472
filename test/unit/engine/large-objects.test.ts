// Large objects from the client in chunks (MoreData / Size), and short ids for clients
// with a small MaxGUIDSize.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';
import { writeDevInf } from '../../../gateway/protocol/devinf.ts';
import { writeMessage } from '../../../gateway/protocol/write.ts';
import { encode } from '../../../gateway/codec/index.ts';
import type { Alert, Command, Status, Sync, SyncMLMessage } from '../../../gateway/protocol/model.ts';

const cred = { meta: { type: 'syncml:auth-basic', format: 'b64' }, data: Buffer.from('alice@example.com:alice-secret').toString('base64') };
const hdr = (msgID: string) => ({
  verDTD: '1.2', verProto: 'SyncML/1.2', sessionID: '4', msgID, target: { locURI: 'http://gateway.test/syncml' }, source: { locURI: 'dev-lo' },
  ...(msgID === '1' ? { cred } : {}),
});

async function session(h: ReturnType<typeof engineHarness>) {
  const alert: Alert = { kind: 'Alert', cmdID: '1', data: 201, items: [{ target: { locURI: 'Contacts' }, source: { locURI: './contacts' }, meta: { anchor: { next: 'a1' } } }] };
  const first = await h.process({ version: '1.2', hdr: hdr('1'), body: [alert], final: true }, undefined);
  return new URL(first.hdr.respURI!).searchParams.get('sid')!;
}

function sync(cmds: Command[]): Sync {
  return { kind: 'Sync', cmdID: '2', target: { locURI: 'Contacts' }, source: { locURI: './contacts' }, commands: cmds };
}

const statusesOf = (m: SyncMLMessage, cmd: string) => m.body.filter((c): c is Status => c.kind === 'Status' && c.cmd === cmd).map((s) => s.data);

test('an item in three chunks over two messages is stored whole', async () => {
  const h = engineHarness();
  const sid = await session(h);
  const card = vcard('Large Person', `NOTE:${'ä'.repeat(3000)}\r\n`);
  const bytes = Buffer.from(card, 'utf8');
  const parts = [bytes.subarray(0, 2000), bytes.subarray(2000, 5000), bytes.subarray(5000)].map((b) => b.toString('latin1'));
  // Chunks are split at byte offsets: carry them as binary so multi-byte characters may be cut.
  const chunk = (i: number, more: boolean): Command => ({
    kind: 'Add', cmdID: String(10 + i), meta: { type: 'text/vcard' },
    items: [{ source: { locURI: 'L1' }, dataBinary: Buffer.from(parts[i]!, 'latin1'), ...(i === 0 ? { meta: { size: bytes.length } } : {}), ...(more ? { moreData: true } : {}) }],
  });
  const m2 = await h.process({ version: '1.2', hdr: hdr('2'), body: [sync([chunk(0, true), chunk(1, true)])], final: false }, sid);
  assert.deepEqual(statusesOf(m2, 'Add'), ['213', '213']);
  const m3 = await h.process({ version: '1.2', hdr: hdr('3'), body: [sync([chunk(2, false)])], final: true }, sid);
  assert.deepEqual(statusesOf(m3, 'Add'), ['201']);
  const stored = [...h.accounts.storeOf('alice@example.com').items.values()];
  assert.equal(stored.length, 1);
  assert.ok(stored[0]!.data.replace(/\r\n[ \t]/g, '').includes('ä'.repeat(3000)));
});

test('a size that does not match the first chunk gets 424 and stores nothing', async () => {
  const h = engineHarness();
  const sid = await session(h);
  const body = [
    { kind: 'Add' as const, cmdID: '10', meta: { type: 'text/vcard' }, items: [{ source: { locURI: 'L1' }, data: 'BEGIN:VCARD\r\nVERSION:3.0\r\n', meta: { size: 9999 }, moreData: true }] },
    { kind: 'Add' as const, cmdID: '11', meta: { type: 'text/vcard' }, items: [{ source: { locURI: 'L1' }, data: 'FN:X\r\nN:X;;;;\r\nEND:VCARD\r\n' }] },
  ];
  const reply = await h.process({ version: '1.2', hdr: hdr('2'), body: [sync(body)], final: true }, sid);
  assert.deepEqual(statusesOf(reply, 'Add'), ['213', '424']);
  assert.equal(h.accounts.storeOf('alice@example.com').items.size, 0);
});

test('a chunked item whose end never comes gets Alert 223 and stores nothing', async () => {
  const h = engineHarness();
  const sid = await session(h);
  const body = [{ kind: 'Add' as const, cmdID: '10', meta: { type: 'text/vcard' }, items: [{ source: { locURI: 'L1' }, data: 'BEGIN:VCARD\r\n', moreData: true }] }];
  const reply = await h.process({ version: '1.2', hdr: hdr('2'), body: [sync(body)], final: true }, sid);
  assert.ok(reply.body.some((c) => c.kind === 'Alert' && c.data === 223));
  assert.equal(h.accounts.storeOf('alice@example.com').items.size, 0);
});

test('an object over MaxObjSize is refused with 416', async () => {
  const h = engineHarness();
  const sid = await session(h);
  const body = [{ kind: 'Add' as const, cmdID: '10', meta: { type: 'text/vcard' }, items: [{ source: { locURI: 'L1' }, data: 'BEGIN:VCARD\r\n', meta: { size: 1 << 30 }, moreData: true }] }];
  const reply = await h.process({ version: '1.2', hdr: hdr('2'), body: [sync(body)], final: true }, sid);
  assert.deepEqual(statusesOf(reply, 'Add'), ['416']);
});

test('a client with MaxGUIDSize 4 gets short ids, and its Maps still find the items', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf('alice@example.com');
  for (let i = 0; i < 40; i++) store.put(`a-rather-long-server-id-${i}.vcf`, vcard(`Person ${i}`));
  await h.state.set('devinf:alice@example.com:p900', {
    verDTD: '1.1', devID: 'p900', devTyp: 'phone', utc: true, supportLargeObjs: false, supportNumberOfChanges: false,
    dataStores: [{ sourceRef: './contacts', maxGUIDSize: 4, rx: [], tx: [], ctCaps: [], syncTypes: [1, 2] }], ctCaps: [], ext: [],
  });
  void writeDevInf;
  const client = new ModelClient({ deviceId: 'p900', user: 'alice@example.com', password: 'alice-secret' });
  const out = await client.sync(h.process);
  assert.equal(out.received.add, 40);
  const sources = out.replies.flatMap((r) => r.body).filter((c): c is Sync => c.kind === 'Sync').flatMap((s) => s.commands).map((c) => (c.kind === 'Add' ? c.items[0]?.source?.locURI ?? '' : ''));
  assert.ok(sources.every((s) => Buffer.byteLength(s) <= 4), `ids too long: ${sources.slice(0, 3).join(', ')}`);
  store.put('a-rather-long-server-id-7.vcf', vcard('Person 7', 'NOTE:changed\r\n'));
  const next = await client.sync(h.process);
  assert.deepEqual(next.received, { add: 0, replace: 1, delete: 0 });
  assert.ok([...client.items.values()].some((d) => d.includes('NOTE:changed')));
  assert.equal(client.items.size, 40);
});

test('items larger than the client MaxMsgSize reach a client that takes large objects, in pieces, intact', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf('alice@example.com');
  const photo = Buffer.alloc(20_000);
  for (let i = 0; i < photo.length; i++) photo[i] = (i * 7919) % 251;
  const b64 = photo.toString('base64');
  for (let i = 0; i < 60; i++) {
    const extra = i % 10 === 0 ? `PHOTO;ENCODING=b;TYPE=JPEG:${b64}\r\n` : '';
    store.put(`p${i}.vcf`, vcard(`Person ${i}`, extra));
  }
  await h.state.set('devinf:alice@example.com:lo-client', {
    verDTD: '1.2', devID: 'lo-client', devTyp: 'phone', utc: true, supportLargeObjs: true, supportNumberOfChanges: true,
    dataStores: [{ sourceRef: './contacts', rxPref: { ctType: 'text/vcard', verCT: '3.0' }, rx: [], tx: [], ctCaps: [], syncTypes: [1, 2] }], ctCaps: [], ext: [],
  });
  const client = new ModelClient({ deviceId: 'lo-client', user: 'alice@example.com', password: 'alice-secret', maxMsgSize: 4000 });
  const out = await client.sync(h.process);
  assert.equal(out.received.add, 60);
  assert.equal(client.largeObjects.length, 6, 'the six photo contacts came in pieces');
  for (const reply of out.replies) {
    const bytes = encode(writeMessage(reply), 'xml').byteLength;
    assert.ok(bytes <= 4000, `message ${reply.hdr.msgID} has ${bytes} bytes, over MaxMsgSize 4000`);
  }
  const photos = [...client.items.values()].filter((d) => d.includes('PHOTO'));
  assert.equal(photos.length, 6);
  for (const d of photos) {
    const value = /PHOTO[^:]*:([^]*?)\r\n(?! )/.exec(d.replace(/\r\n /g, ''))?.[1] ?? '';
    assert.deepEqual(Buffer.from(value, 'base64'), photo, 'photo byte for byte');
  }
  assert.deepEqual((await client.sync(h.process)).received, { add: 0, replace: 0, delete: 0 });
});
