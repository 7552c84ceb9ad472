// Device information: asked for when missing, kept when given, and used (NumberOfChanges, formats).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { writeDevInf } from '../../../gateway/protocol/devinf.ts';
import type { DevInf } from '../../../gateway/protocol/devinf-model.ts';
import type { Get, Sync, SyncMLMessage } from '../../../gateway/protocol/model.ts';

const cred = { meta: { type: 'syncml:auth-basic', format: 'b64' }, data: Buffer.from('alice@example.com:alice-secret').toString('base64') };
const hdr = (msgID: string) => ({
  verDTD: '1.2', verProto: 'SyncML/1.2', sessionID: '9', msgID, target: { locURI: 'http://gateway.test/syncml' }, source: { locURI: 'dev-x' },
  ...(msgID === '1' ? { cred } : {}),
});
const alert = { kind: 'Alert' as const, cmdID: '1', data: 201, items: [{ target: { locURI: 'Contacts' }, source: { locURI: './contacts' }, meta: { anchor: { next: 'n1' } } }] };

function devinf(numberOfChanges: boolean, rxPref: string): DevInf {
  return {
    verDTD: '1.2', devID: 'dev-x', devTyp: 'phone', utc: true, supportLargeObjs: false, supportNumberOfChanges: numberOfChanges,
    dataStores: [{ sourceRef: './contacts', rxPref: { ctType: rxPref, verCT: '3.0' }, rx: [], tx: [], ctCaps: [], syncTypes: [1, 2] }],
    ctCaps: [], ext: [],
  };
}

test('a client that sent no DevInf is asked for it; its Results are kept and used', async () => {
  const h = engineHarness();
  h.accounts.storeOf('alice@example.com').put('a.vcf', vcard('Anna A'));
  const first = await h.process({ version: '1.2', hdr: hdr('1'), body: [alert], final: true }, undefined);
  const get = first.body.find((c): c is Get => c.kind === 'Get');
  assert.equal(get?.items[0]?.target?.locURI, './devinf12');
  const sid = new URL(first.hdr.respURI!).searchParams.get('sid')!;
  const results = {
    kind: 'Results' as const, cmdID: '2', msgRef: '1', cmdRef: get!.cmdID, targetRefs: [], sourceRefs: ['./devinf12'],
    items: [{ source: { locURI: './devinf12' }, dataElement: writeDevInf(devinf(true, 'text/vcard'), '1.2') }],
  };
  const sync = { kind: 'Sync' as const, cmdID: '3', target: { locURI: 'Contacts' }, source: { locURI: './contacts' }, commands: [] };
  const second: SyncMLMessage = await h.process({ version: '1.2', hdr: hdr('2'), body: [results, sync], final: true }, sid);
  const statuses = second.body.filter((c) => c.kind === 'Status' && c.cmd === 'Results');
  assert.equal(statuses.length, 1);
  const serverSync = second.body.find((c): c is Sync => c.kind === 'Sync');
  assert.equal(serverSync?.numberOfChanges, 1, 'NumberOfChanges sent to a client that supports it');
  const add = serverSync?.commands[0];
  assert.equal(add?.kind === 'Add' ? add.meta?.type : undefined, 'text/vcard', "the client's preferred format");
});
