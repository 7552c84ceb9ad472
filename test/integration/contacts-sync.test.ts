// The walking skeleton end to end: SyncEvolution (file store) <-> gateway <-> Radicale,
// with SyncML 1.1 and 1.2, checked on both sides after every sync.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, ensureStack, stackUrls, type StackAccount } from '../support/stack.ts';
import { addChangeDeleteVCards, emptyCollection, listVCards, putVCard } from '../support/dav.ts';
import { SyncEvolutionDevice, type SyncResult } from '../support/syncevolution.ts';
import { startTestGateway } from '../support/gateway.ts';
import { carriesContact, familyName, testContact, vcard21, vcard30 } from '../support/contacts.ts';
import { assertSynced, counts } from '../support/sync-assertions.ts';
import type { RunningGateway } from '../../gateway/server.ts';

const sessionKey = 'c0ffee00'.repeat(8);
/** Device ids unique to this run, so that state left in Redis by an earlier run cannot matter. */
const run = Date.now().toString(36);



async function familyNamesOnServer(account: StackAccount): Promise<string[]> {
  const items = await listVCards(account);
  return items.map((i) => familyName(i.data ?? '') ?? '?').sort();
}

async function familyNamesOnDevice(device: SyncEvolutionDevice): Promise<string[]> {
  const names = await device.listItems('contacts');
  const texts = await Promise.all(names.map((n) => device.readItem('contacts', n)));
  return texts.map((t) => familyName(t) ?? '?').sort();
}

for (const version of ['1.1', '1.2'] as const) {
  const account = version === '1.1' ? accounts.alice : accounts.bob;
  const tag = `V${version.replace('.', '')}`;
  // SyncML 1.1 keeps its state in the embedded store, 1.2 in Redis: both stores see real clients.
  const stateOf = (): string => (version === '1.1' ? mkdtempSync(join(tmpdir(), 'syncml-it-state-')) : stackUrls().redis);

  describe(`contacts through the gateway with SyncML ${version} (state in ${version === '1.1' ? 'the embedded store' : 'Redis'})`, { timeout: 600_000 }, () => {
    const state = stateOf();
    let gateway: RunningGateway;
    let deviceA: SyncEvolutionDevice;
    let deviceB: SyncEvolutionDevice;
    const device = (id: string, format: 'text/vcard' | 'text/x-vcard') =>
      new SyncEvolutionDevice({
        syncURL: gateway.url,
        ...account,
        deviceId: `it-${tag}-${id}-${run}`,
        syncMLVersion: version,
        stores: [{ name: 'contacts', databaseFormat: format, uri: 'Contacts' }],
      });

    before(async () => {
      await ensureStack();
      await emptyCollection(account, 'contacts');
      gateway = await startTestGateway({ state, env: { SYNCML_SESSION_KEY: sessionKey } });
      deviceA = device('A', 'text/vcard');
      deviceB = device('B', 'text/x-vcard');
      await deviceA.configure();
      await deviceB.configure();
    });

    after(async () => {
      await gateway?.close();
      await deviceA?.cleanup();
      await deviceB?.cleanup();
    });

    test('a new device with 100 contacts (vCard 2.1 and 3.0) syncs slow, then two-way with nothing to do', async () => {
      for (let i = 0; i < 100; i++) {
        const c = testContact(i, tag);
        await deviceA.writeItem('contacts', `c${i}.vcf`, i % 2 === 0 ? vcard21(c) : vcard30(c));
      }
      const first = await deviceA.sync('two-way');
      assertSynced(first, 'slow');
      assert.equal(first.stats.contacts?.remote.added, 100, counts(first));
      const server = await listVCards(account);
      assert.equal(server.length, 100);
      for (let i = 0; i < 100; i++) {
        const c = testContact(i, tag);
        const stored = server.find((s) => familyName(s.data ?? '') === c.family);
        assert.ok(stored?.data !== undefined, `${c.family} missing on the server`);
        assert.ok(carriesContact(stored.data, c), `${c.family} lost a field:\n${stored.data}`);
        assert.match(stored.data, /^BEGIN:VCARD\r\nVERSION:3\.0\r\n/);
        assert.match(stored.data, /\r\nUID:/);
      }
      const second = await deviceA.sync('two-way');
      assertSynced(second, 'two-way');
      assert.equal(counts(second), 'local +0 ~0 -0 remote +0 ~0 -0');
    });

    test('one add, one change, one delete made in Radicale reach the device, and nothing else', async () => {
      const added = await addChangeDeleteVCards(account, tag);
      const result = await deviceA.sync('two-way');
      assertSynced(result, 'two-way');
      assert.equal(counts(result), 'local +1 ~1 -1 remote +0 ~0 -0');
      const names = await familyNamesOnDevice(deviceA);
      assert.equal(names.length, 100);
      assert.ok(names.includes(`${tag}500`) && !names.includes(`${tag}002`));
      const texts = await Promise.all((await deviceA.listItems('contacts')).map((n) => deviceA.readItem('contacts', n)));
      assert.ok(texts.some((t) => familyName(t) === `${tag}001` && t.includes('changed on the server')));
      assert.ok(texts.some((t) => carriesContact(t, added)), 'the added contact arrived with all its fields');
      assert.equal(counts(await deviceA.sync('two-way')), 'local +0 ~0 -0 remote +0 ~0 -0');
    });

    test('an add, a change and a delete on the device reach Radicale, without duplicates', async () => {
      const files = await deviceA.listItems('contacts');
      const texts = new Map(await Promise.all(files.map(async (f) => [f, await deviceA.readItem('contacts', f)] as const)));
      const toChange = [...texts].find(([, t]) => familyName(t) === `${tag}003`)![0];
      const toDelete = [...texts].find(([, t]) => familyName(t) === `${tag}004`)![0];
      const added = testContact(600, tag);
      await deviceA.writeItem('contacts', 'device-added.vcf', vcard30(added));
      await deviceA.writeItem('contacts', toChange, texts.get(toChange)!.replace(/TEL[^\r\n]*/, 'TEL;TYPE=CELL:+49 999 000'));
      await deviceA.deleteItem('contacts', toDelete);
      const result = await deviceA.sync('two-way');
      assertSynced(result, 'two-way');
      assert.equal(counts(result), 'local +0 ~0 -0 remote +1 ~1 -1');
      const server = await listVCards(account);
      const names = server.map((s) => familyName(s.data ?? '')).sort();
      assert.equal(names.length, 100);
      assert.equal(new Set(names).size, 100, 'no duplicates');
      assert.ok(!names.includes(`${tag}004`));
      assert.ok(server.some((s) => carriesContact(s.data ?? '', added)));
      assert.ok(server.some((s) => familyName(s.data ?? '') === `${tag}003` && (s.data ?? '').includes('+49 999 000')));
      assert.equal(counts(await deviceA.sync('two-way')), 'local +0 ~0 -0 remote +0 ~0 -0', 'no echo');
    });

    test('a second device (vCard 2.1) gets every contact, and its change reaches the first', async () => {
      const first = await deviceB.sync('two-way');
      assertSynced(first, 'slow');
      assert.equal(first.stats.contacts?.local.added, 100, counts(first));
      assert.deepEqual(await familyNamesOnDevice(deviceB), await familyNamesOnServer(account));
      const files = await deviceB.listItems('contacts');
      const sample = await deviceB.readItem('contacts', files[0]!);
      assert.match(sample, /VERSION:2\.1/, 'device B gets vCard 2.1');
      const c5 = testContact(5, tag);
      const texts = await Promise.all(files.map(async (f) => [f, await deviceB.readItem('contacts', f)] as const));
      const [file, text] = texts.find(([, t]) => familyName(t) === c5.family)!;
      assert.ok(carriesContact(text, c5), `fields lost on the way to a 2.1 device:\n${text}`);
      await deviceB.writeItem('contacts', file, text.replace(/EMAIL[^\r\n]*/, 'EMAIL;INTERNET:changed-on-b@example.net'));
      assertSynced(await deviceB.sync('two-way'), 'two-way');
      const onA = await deviceA.sync('two-way');
      assertSynced(onA, 'two-way');
      assert.equal(counts(onA), 'local +0 ~1 -0 remote +0 ~0 -0');
      const aTexts = await Promise.all((await deviceA.listItems('contacts')).map((n) => deviceA.readItem('contacts', n)));
      assert.ok(aTexts.some((t) => familyName(t) === c5.family && t.includes('changed-on-b@example.net')));
    });

    test('after a gateway restart the next sync is two-way, not slow', async () => {
      const port = new URL(gateway.url).port;
      await gateway.close();
      // A new process over the same state directory, on the same port.
      gateway = await startTestGateway({ state, env: { SYNCML_SESSION_KEY: sessionKey, SYNCML_PORT: port } });
      const result = await deviceA.sync('two-way');
      assertSynced(result, 'two-way');
      assert.equal(counts(result), 'local +0 ~0 -0 remote +0 ~0 -0');
    });
  });
}

describe('wrong credentials', { timeout: 300_000 }, () => {
  const account = accounts.carol;
  let gateway: RunningGateway;
  let device: SyncEvolutionDevice;

  before(async () => {
    await ensureStack();
    await emptyCollection(account, 'contacts');
    await putVCard(account, 'existing.vcf', vcard30(testContact(1, 'Carol')).replace('END:VCARD', 'UID:existing\r\nEND:VCARD'));
    gateway = await startTestGateway();
    device = new SyncEvolutionDevice({ syncURL: gateway.url, user: account.user, password: 'not-the-password', deviceId: `it-wrong-password-${run}` });
    await device.configure();
  });

  after(async () => {
    await gateway?.close();
    await device?.cleanup();
  });

  test('a wrong password fails with 401 and changes nothing on either side', async () => {
    await device.writeItem('contacts', 'mine.vcf', vcard30(testContact(2, 'Carol')));
    const before = await listVCards(account);
    const result = await device.sync('two-way');
    assert.notEqual(result.exitCode, 0);
    assert.equal(result.status, 401, result.stdout.slice(-2000));
    const afterSync = await listVCards(account);
    assert.deepEqual(afterSync.map((i) => [i.name, i.etag]), before.map((i) => [i.name, i.etag]));
    assert.deepEqual(await device.listItems('contacts'), ['mine.vcf']);
  });
});
