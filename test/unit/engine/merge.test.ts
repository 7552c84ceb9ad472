// What a device cannot store is not erased on the server when the device sends the item back
// (merge guided by the device's CTCap).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';
import { element, textElement } from '../../../gateway/codec/element.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };
const photo = Buffer.alloc(3000, 7).toString('base64');

function ctcap(type: string, props: string[]) {
  return { ctTypes: [type], element: element('CTCap', [textElement('CTType', type), ...props.map((p) => textElement('PropName', p))]) };
}

for (const layout of ['1.1 flat, at DevInf level', '1.2, in the DataStore'] as const) {
  test(`a contact keeps its photo and a field the device lacks after the device changes the phone number (${layout})`, async () => {
    const h = engineHarness();
    const store = h.accounts.storeOf(alice.user);
    store.put('anna.vcf', `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:anna\r\nN:A;Anna;;;\r\nFN:Anna A\r\nTEL;TYPE=CELL:+49 1\r\nX-ANNIVERSARY:2001-05-05\r\nPHOTO;ENCODING=b;TYPE=JPEG:${photo}\r\nEND:VCARD\r\n`);
    const caps = [ctcap('text/vcard', ['BEGIN', 'END', 'VERSION', 'N', 'FN', 'TEL'])];
    await h.state.set('devinf:alice@example.com:phone', {
      verDTD: layout.startsWith('1.1') ? '1.1' : '1.2', devID: 'phone', devTyp: 'phone', utc: true, supportLargeObjs: false, supportNumberOfChanges: false,
      dataStores: [{ sourceRef: './contacts', rxPref: { ctType: 'text/vcard', verCT: '3.0' }, rx: [], tx: [], ctCaps: layout.startsWith('1.2') ? caps : [], syncTypes: [1, 2] }],
      ctCaps: layout.startsWith('1.1') ? caps : [], ext: [],
    });
    const client = new ModelClient({ deviceId: 'phone', ...alice });
    await client.sync(h.process);
    const [luid] = [...client.items.keys()];
    // The phone keeps only what it can: N, FN, TEL.
    client.replace(luid!, 'BEGIN:VCARD\r\nVERSION:3.0\r\nN:A;Anna;;;\r\nFN:Anna A\r\nTEL;TYPE=CELL:+49 2\r\nEND:VCARD\r\n');
    await client.sync(h.process);
    const stored = store.items.get('anna.vcf')!.data.replace(/\r\n /g, '');
    assert.match(stored, /TEL;TYPE=CELL:\+49 2/);
    assert.doesNotMatch(stored, /\+49 1/);
    assert.match(stored, /X-ANNIVERSARY:2001-05-05/);
    assert.ok(stored.includes(photo), 'photo kept');
    assert.match(stored, /UID:anna/);
  });
}

test('without a CTCap, what the device sends is what is stored', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf(alice.user);
  store.put('bert.vcf', 'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bert\r\nN:B;Bert;;;\r\nFN:Bert B\r\nNOTE:old\r\nEND:VCARD\r\n');
  const client = new ModelClient({ deviceId: 'plain', ...alice });
  await client.sync(h.process);
  const [luid] = [...client.items.keys()];
  client.replace(luid!, 'BEGIN:VCARD\r\nVERSION:3.0\r\nN:B;Bert;;;\r\nFN:Bert B\r\nEND:VCARD\r\n');
  await client.sync(h.process);
  assert.doesNotMatch(store.items.get('bert.vcf')!.data, /NOTE/);
});

test('an item sent back unchanged (only its REV new) is not written again', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf(alice.user);
  store.put('cleo.vcf', 'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:cleo\r\nN:C;Cleo;;;\r\nFN:Cleo C\r\nTEL;TYPE=CELL:+49 3\r\nREV:20261101T000000Z\r\nEND:VCARD\r\n');
  const client = new ModelClient({ deviceId: 'resender', ...alice });
  await client.sync(h.process);
  const [luid] = [...client.items.keys()];
  const updatesBefore = store.calls.update;
  client.replace(luid!, 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cleo C\r\nN:C;Cleo;;;\r\nTEL;TYPE=CELL:+49 3\r\nREV:20261126T120000Z\r\nEND:VCARD\r\n');
  await client.sync(h.process);
  assert.equal(store.calls.update, updatesBefore, 'no write for the same content');
  client.replace(luid!, 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cleo C\r\nN:C;Cleo;;;\r\nTEL;TYPE=CELL:+49 4\r\nEND:VCARD\r\n');
  await client.sync(h.process);
  assert.equal(store.calls.update, updatesBefore + 1, 'a real change is written');
  assert.match(store.items.get('cleo.vcf')!.data, /\+49 4/);
});
