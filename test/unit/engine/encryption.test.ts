// DES-encrypted items (Funambol clients, `des;b64`): stored plain, sent back encrypted alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { decryptItem, encryptItem } from '../../../gateway/convert/item-encryption/index.ts';
import type { Command, Sync, SyncMLMessage } from '../../../gateway/protocol/model.ts';

const password = 'alice-secret';
const cred = { meta: { type: 'syncml:auth-basic', format: 'b64' }, data: Buffer.from(`alice@example.com:${password}`).toString('base64') };
const message = (msgID: number, body: Command[]): SyncMLMessage => ({
  version: '1.2',
  hdr: { verDTD: '1.2', verProto: 'SyncML/1.2', sessionID: '1', msgID: String(msgID), target: { locURI: 'http://gateway.test/syncml' }, source: { locURI: 'fnbl-1' }, ...(msgID === 1 ? { cred } : {}) },
  body,
  final: true,
});

for (const format of ['des;b64', '3des;b64']) {
  test(`${format}: the stored item is plain, the client's copy of a server item is encrypted`, async () => {
    const h = engineHarness();
    const store = h.accounts.storeOf('alice@example.com');
    store.put('s.vcf', vcard('Server Side'));
    const first = await h.process(message(1, [{ kind: 'Alert', cmdID: '1', data: 201, items: [{ target: { locURI: 'Contacts' }, source: { locURI: './contacts' }, meta: { anchor: { next: 'n' } } }] }]), undefined);
    const sid = new URL(first.hdr.respURI!).searchParams.get('sid')!;
    const sync: Sync = {
      kind: 'Sync', cmdID: '2', target: { locURI: 'Contacts' }, source: { locURI: './contacts' },
      commands: [{ kind: 'Add', cmdID: '3', meta: { type: 'text/vcard' }, items: [{ source: { locURI: 'L1' }, meta: { format }, data: encryptItem(vcard('Client Side'), format, password) }] }],
    };
    const reply = await h.process(message(2, [sync]), sid);
    const stored = [...store.items.values()].map((i) => i.data);
    assert.ok(stored.some((d) => d.includes('FN:Client Side')), 'stored in plain text');
    const add = reply.body.find((c): c is Sync => c.kind === 'Sync')?.commands.find((c) => c.kind === 'Add');
    const item = add?.kind === 'Add' ? add.items[0] : undefined;
    assert.equal(item?.meta?.format, format);
    assert.match(decryptItem(item?.data ?? '', format, password), /FN:Server Side/);
  });
}
