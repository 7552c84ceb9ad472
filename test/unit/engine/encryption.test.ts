// DES-encrypted items (Funambol clients, `des;b64`): stored plain, sent back encrypted alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { decryptItem, encryptItem } from '../../../gateway/convert/item-encryption/index.ts';
import type { Command, Sync, SyncMLMessage } from '../../../gateway/protocol/model.ts';
import { defaultAuthSettings } from '../../../gateway/engine/auth.ts';
import { parseSecurityConfig } from '../../../gateway/security-config.ts';

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

test('a store configured for DES answers encrypted on a refresh, before the client sent any item', async () => {
  const auth = { ...defaultAuthSettings, itemEncryption: { contacts: 'des;b64' as const } };
  const h = engineHarness(undefined, undefined, { auth });
  h.accounts.storeOf('alice@example.com').put('s.vcf', vcard('Server Side'));
  const first = await h.process(message(1, [{ kind: 'Alert', cmdID: '1', data: 205, items: [{ target: { locURI: 'Contacts' }, source: { locURI: './contacts' }, meta: { anchor: { next: 'n' } } }] }]), undefined);
  const sid = new URL(first.hdr.respURI!).searchParams.get('sid')!;
  const reply = await h.process(message(2, [{ kind: 'Sync', cmdID: '2', target: { locURI: 'Contacts' }, source: { locURI: './contacts' }, commands: [] }]), sid);
  const add = reply.body.find((c): c is Sync => c.kind === 'Sync')?.commands.find((c) => c.kind === 'Add');
  const item = add?.kind === 'Add' ? add.items[0] : undefined;
  assert.equal(item?.meta?.format, 'des;b64');
  assert.doesNotMatch(item?.data ?? '', /BEGIN:VCARD/);
  assert.match(decryptItem(item?.data ?? '', 'des;b64', password), /FN:Server Side/);
});

test('SYNCML_ITEM_ENCRYPTION names stores and ciphers; anything else is a start error', () => {
  assert.deepEqual(parseSecurityConfig({ SYNCML_ITEM_ENCRYPTION: 'contacts=des, events=3DES' }).config?.itemEncryption, { contacts: 'des;b64', events: '3des;b64' });
  assert.deepEqual(parseSecurityConfig({}).config?.itemEncryption, {});
  const bad = parseSecurityConfig({ SYNCML_ITEM_ENCRYPTION: 'contacts=aes,phonebook=des' });
  assert.equal(bad.config, undefined);
  assert.equal(bad.problems.filter((p) => p.startsWith('SYNCML_ITEM_ENCRYPTION')).length, 2);
});
