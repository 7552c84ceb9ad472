// Backup into the user's IMAP folder, conflict policies and slow-sync matching, with
// SyncEvolution against the real servers.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { accounts, ensureStack, stackUrls } from '../support/stack.ts';
import { emptyCollection, listVCards, putVCard } from '../support/dav.ts';
import { SyncEvolutionDevice, type SyncResult } from '../support/syncevolution.ts';
import { startTestGateway } from '../support/gateway.ts';
import { familyName, testContact, vcard30 } from '../support/contacts.ts';
import { ok } from '../support/sync-assertions.ts';
import type { RunningGateway } from '../../gateway/server.ts';

const account = accounts.carol;
const run = Date.now().toString(36);
let counter = 0;
const devices: SyncEvolutionDevice[] = [];


async function newDevice(gateway: RunningGateway, query = ''): Promise<SyncEvolutionDevice> {
  const device = new SyncEvolutionDevice({ syncURL: `${gateway.url}${query}`, ...account, deviceId: `it-bc-${run}-${++counter}` });
  devices.push(device);
  await device.configure();
  return device;
}

async function imap<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const url = new URL(stackUrls().imap);
  const client = new ImapFlow({ host: url.hostname, port: Number(url.port), secure: false, auth: { user: account.user, pass: account.password }, logger: false });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

after(async () => {
  for (const d of devices) await d.cleanup();
});

describe('backup to the IMAP folder', { timeout: 300_000 }, () => {
  let gateway: RunningGateway;
  before(async () => {
    await ensureStack();
    await emptyCollection(account, 'contacts');
    await imap(async (c) => {
      if ((await c.list()).some((b) => b.path === 'SyncML Backup')) await c.mailboxDelete('SyncML Backup');
    });
    gateway = await startTestGateway({ state: mkdtempSync(join(tmpdir(), 'syncml-backup-')) });
  });
  after(async () => gateway?.close());

  test('each item becomes a message with the item attached byte for byte; the address book is untouched', async () => {
    await putVCard(account, 'kept.vcf', vcard30(testContact(1, 'Kept')).replace('END:VCARD', 'UID:kept\r\nEND:VCARD'));
    const before = (await listVCards(account)).map((i) => [i.name, i.etag]);
    const device = await newDevice(gateway, '?backup=nokia');
    const items = [vcard30(testContact(2, 'Backup')), vcard30(testContact(3, 'Backup'))];
    for (const [i, v] of items.entries()) await device.writeItem('contacts', `b${i}.vcf`, v);
    ok(await device.sync('two-way'));
    const second = await newDevice(gateway, '?sync=2,#backup=nokia');
    await second.writeItem('contacts', 'x.vcf', vcard30(testContact(4, 'Backup')));
    ok(await second.sync('two-way'));

    const messages = await imap(async (c) => {
      const lock = await c.getMailboxLock('SyncML Backup');
      try {
        const found: Array<{ name: string; content: string }> = [];
        for await (const m of c.fetch('1:*', { source: true })) {
          const mail = await simpleParser(m.source!);
          for (const a of mail.attachments) found.push({ name: a.filename ?? '', content: a.content.toString('utf8') });
        }
        return found;
      } finally {
        lock.release();
      }
    });
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    assert.deepEqual(messages.map((m) => m.name).sort(), [1, 2, 3].map((n) => `nokia${day}000${n}.vcf`));
    // What SyncEvolution sent for each file is its own rendering of the vCard: compare by content.
    for (const m of messages) assert.match(m.content, /^BEGIN:VCARD\r\n[\s\S]*END:VCARD\r\n?$/);
    assert.deepEqual(messages.map((m) => familyName(m.content)).sort(), ['Backup002', 'Backup003', 'Backup004']);
    assert.deepEqual((await listVCards(account)).map((i) => [i.name, i.etag]), before, 'address book unchanged');
  });
});

for (const policy of ['server-wins', 'client-wins', 'newer-wins', 'duplicate'] as const) {
  describe(`conflict policy ${policy}`, { timeout: 300_000 }, () => {
    let gateway: RunningGateway;
    before(async () => {
      await ensureStack();
      await emptyCollection(account, 'contacts');
      gateway = await startTestGateway({ state: mkdtempSync(join(tmpdir(), 'syncml-conflict-')), env: { SYNCML_CONFLICT_POLICY: policy } });
    });
    after(async () => gateway?.close());

    test('device and server changed the same contact', async () => {
      const device = await newDevice(gateway);
      await device.writeItem('contacts', 'anna.vcf', vcard30(testContact(7, 'Conflict')));
      ok(await device.sync('two-way'));
      const [stored] = await listVCards(account);
      assert.ok(stored?.data !== undefined);
      // Server change first, device change later: the device's is the newer one.
      await putVCard(account, stored.name, stored.data.replace(/NOTE:[^\r]*/, 'NOTE:server side').replace(/\r\nEND:VCARD/, '\r\nREV:20200101T000000Z\r\nEND:VCARD'), { ifMatch: stored.etag });
      const local = await device.readItem('contacts', 'anna.vcf');
      const edited = local.replace(/NOTE:[^\r\n]*/, 'NOTE:device side').replace(/^REV:[^\r\n]*\r?\n/m, '');
      await device.writeItem('contacts', 'anna.vcf', edited.replace(/END:VCARD/, 'REV:20261126T120000Z\r\nEND:VCARD'));
      ok(await device.sync('two-way'));
      ok(await device.sync('two-way'));
      const serverNotes = (await listVCards(account)).map((i) => /NOTE:([^\r]*)/.exec(i.data ?? '')?.[1]).sort();
      const names = await device.listItems('contacts');
      const deviceNotes = (await Promise.all(names.map((n) => device.readItem('contacts', n)))).map((t) => /NOTE:([^\r\n]*)/.exec(t)?.[1]).sort();
      const expected = { 'server-wins': ['server side'], 'client-wins': ['device side'], 'newer-wins': ['device side'], duplicate: ['device side', 'server side'] }[policy];
      assert.deepEqual(serverNotes, expected, 'server');
      assert.deepEqual(deviceNotes, expected, 'device');
    });
  });
}

describe('slow sync matching', { timeout: 300_000 }, () => {
  let gateway: RunningGateway;
  before(async () => {
    await ensureStack();
    await emptyCollection(account, 'contacts');
    gateway = await startTestGateway({ state: mkdtempSync(join(tmpdir(), 'syncml-match-')) });
  });
  after(async () => gateway?.close());

  test('a device and a server holding the same 50 contacts end with 50, not 100', async () => {
    const device = await newDevice(gateway);
    for (let i = 0; i < 50; i++) {
      const c = testContact(i, 'Same');
      await putVCard(account, `same${i}.vcf`, vcard30(c).replace('END:VCARD', `UID:same-${run}-${i}\r\nEND:VCARD`));
      await device.writeItem('contacts', `d${i}.vcf`, vcard30(c));
    }
    const result = ok(await device.sync('two-way'));
    assert.equal(result.stats.contacts?.mode, 'slow');
    assert.equal((await listVCards(account)).length, 50);
    assert.equal((await device.listItems('contacts')).length, 50);
    const again = ok(await device.sync('two-way'));
    assert.equal(again.stats.contacts?.mode, 'two-way');
  });
});
