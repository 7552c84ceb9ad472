// The nine sync methods with SyncEvolution, forced by URL parameter and, where the client
// can, requested by it; data checked on the device and in Radicale afterwards.
// Start of every case: device and server share P1-P3, then the server gains S1 and the
// device C1, both unsynced.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, ensureStack } from '../support/stack.ts';
import { emptyCollection, listVCards, putVCard } from '../support/dav.ts';
import { SyncEvolutionDevice, type SyncMode, type SyncResult } from '../support/syncevolution.ts';
import { startTestGateway } from '../support/gateway.ts';
import { familyName, testContact, vcard21, vcard30 } from '../support/contacts.ts';
import { ok } from '../support/sync-assertions.ts';
import type { RunningGateway } from '../../gateway/server.ts';

const account = accounts.alice;
const run = Date.now().toString(36);
let counter = 0;
const P = ['M001', 'M002', 'M003'];

describe('sync methods with SyncEvolution', { timeout: 900_000 }, () => {
  let gateway: RunningGateway;
  const devices: SyncEvolutionDevice[] = [];

  before(async () => {
    await ensureStack();
    gateway = await startTestGateway({ state: mkdtempSync(join(tmpdir(), 'syncml-methods-')) });
  });
  after(async () => {
    await gateway?.close();
    for (const d of devices) await d.cleanup();
  });

  async function start(query = ''): Promise<{ device: SyncEvolutionDevice; server: () => Promise<string[]>; local: () => Promise<string[]> }> {
    await emptyCollection(account, 'contacts');
    const device = new SyncEvolutionDevice({ syncURL: gateway.url, ...account, deviceId: `it-m-${run}-${++counter}` });
    devices.push(device);
    await device.configure();
    for (const [i, name] of P.entries()) await device.writeItem('contacts', `p${i}.vcf`, vcard21(testContact(i + 1, 'M')));
    ok(await device.sync('two-way'));
    await putVCard(account, 's1.vcf', vcard30(testContact(101, 'S')).replace('END:VCARD', `UID:s1-${run}-${counter}\r\nEND:VCARD`));
    await device.writeItem('contacts', 'c1.vcf', vcard30(testContact(201, 'C')));
    if (query !== '') await device.reconfigure({ syncURL: `${gateway.url}${query}` });
    const server = async () => (await listVCards(account)).map((i) => familyName(i.data ?? '') ?? '?').sort();
    const local = async () => {
      const names = await device.listItems('contacts');
      return (await Promise.all(names.map((n) => device.readItem('contacts', n)))).map((t) => familyName(t) ?? '?').sort();
    };
    void P;
    return { device, server, local };
  }


  const shared = ['M001', 'M002', 'M003'];
  const all = [...shared, 'C201', 'S101'].sort();
  const clientSide = [...shared, 'C201'].sort();
  const serverSide = [...shared, 'S101'].sort();

  const cases: Array<{ name: string; query?: string; mode?: SyncMode; device: string[]; server: string[] }> = [
    { name: '1 two-way (client asks)', device: all, server: all },
    { name: '1 two-way (URL sync=1)', query: '?sync=1', device: all, server: all },
    { name: '2 slow (client asks)', mode: 'slow', device: all, server: all },
    { name: '2 slow (URL sync=2)', query: '?sync=2', device: all, server: all },
    { name: '3 one-way update of the server (client asks)', mode: 'one-way-from-local', device: clientSide, server: all },
    { name: '3 one-way update of the server (URL sync=3)', query: '?sync=3', device: clientSide, server: all },
    { name: '4 refresh of the server (client asks)', mode: 'refresh-from-local', device: clientSide, server: clientSide },
    { name: '4 refresh of the server (URL sync=4)', query: '?sync=4', device: clientSide, server: clientSide },
    { name: '5 one-way update of the client (client asks)', mode: 'one-way-from-remote', device: all, server: serverSide },
    { name: '5 one-way update of the client (URL sync=5)', query: '?sync=5', device: all, server: serverSide },
    { name: '6 refresh of the client (client asks)', mode: 'refresh-from-remote', device: serverSide, server: serverSide },
    { name: '6 refresh of the client (URL sync=6)', query: '?sync=6', device: serverSide, server: serverSide },
    { name: '7 slow sync to the server (URL sync=7)', query: '?sync=7', device: clientSide, server: clientSide },
    { name: '8 slow sync to the client (URL sync=8)', query: '?sync=8', device: serverSide, server: serverSide },
    { name: '9 reset of the client (URL sync=9)', query: '?sync=9', device: [], server: serverSide },
    { name: '9 reset of the client (URL reset)', query: '?reset', device: [], server: serverSide },
  ];

  for (const c of cases) {
    test(c.name, async () => {
      const { device, server, local } = await start(c.query);
      const result = ok(await device.sync(c.mode ?? 'two-way'));
      if (c.name.startsWith('2 ')) {
        // The three shared contacts are the same on both sides (Radicale keeps them re-ordered and
        // with the client's REV): matched, not conflicts; only S101 goes to the device.
        assert.equal(result.stats.contacts?.local.updated, 0, 'no copy of an equal contact sent back');
        assert.equal(result.stats.contacts?.local.added, 1);
      }
      assert.deepEqual(await local(), c.device, 'device');
      assert.deepEqual(await server(), c.server, 'server');
    });
  }

  test('method 7 replaces every server item with a fresh copy', async () => {
    const { device } = await start('?sync=7');
    const before = new Set((await listVCards(account)).map((i) => i.name));
    ok(await device.sync('two-way'));
    const afterSync = await listVCards(account);
    assert.equal(afterSync.length, 4);
    assert.ok(afterSync.every((i) => !before.has(i.name)));
  });

  for (const [label, query] of [
    ['&', '?x=1&sync=9'],
    [',&', '?x=1,&sync=9'],
    ['#', '?x=1#sync=9'],
    [',#', '?x=1,#sync=9'],
    ['upper case', '?SYNC=9'],
    ['on the store URI', ''],
  ] as const) {
    test(`parameters with ${label} take effect`, async () => {
      const { device, server, local } = await start(query);
      if (label === 'on the store URI') await device.reconfigure({ 'contacts/uri': 'Contacts?sync=9' });
      ok(await device.sync('two-way'));
      assert.deepEqual(await local(), [], 'reset: the device is empty');
      assert.deepEqual(await server(), serverSide);
    });
  }
});
