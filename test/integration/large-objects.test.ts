// Large objects with SyncEvolution at its smallest message size: 300 contacts, 30 of them
// with 20 kB photos, up from one device and down to another, photos byte for byte.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, ensureStack } from '../support/stack.ts';
import { emptyCollection, listVCards } from '../support/dav.ts';
import { DeviceSet, type SyncResult } from '../support/syncevolution.ts';
import { startTestGateway } from '../support/gateway.ts';
import { familyName, testContact, vcard30 } from '../support/contacts.ts';
import { ok } from '../support/sync-assertions.ts';
import type { RunningGateway } from '../../gateway/server.ts';

const account = accounts.bob;
const run = Date.now().toString(36);
// SyncEvolution refuses a maxMsgSize below 10240 bytes (TESTING.md).
const maxMsgSize = 10240;

function photoOf(i: number): Buffer {
  const bytes = Buffer.alloc(20_000);
  bytes[0] = 0xff;
  bytes[1] = 0xd8;
  for (let j = 2; j < bytes.length; j++) bytes[j] = (j * 31 + i * 17) % 256;
  return bytes;
}

function photoBytes(vcard: string): Buffer | undefined {
  const unfolded = vcard.replace(/\r?\n[ \t]/g, '');
  const line = unfolded.split(/\r?\n/).find((l) => /^PHOTO[;:]/i.test(l));
  return line === undefined ? undefined : Buffer.from(line.slice(line.indexOf(':') + 1), 'base64');
}


describe('large objects with SyncEvolution', { timeout: 900_000 }, () => {
  let gateway: RunningGateway;
  const devices = new DeviceSet();
  const device = (id: string) =>
    devices.add({ syncURL: gateway.url, ...account, deviceId: `it-lo-${id}-${run}`, maxMsgSize, maxObjSize: 4_000_000 });

  before(async () => {
    await ensureStack();
    await emptyCollection(account, 'contacts');
    gateway = await startTestGateway({ state: mkdtempSync(join(tmpdir(), 'syncml-lo-')) });
  });
  after(async () => {
    await gateway?.close();
    await devices.cleanup();
  });

  test('300 contacts with 30 photos of 20 kB go up and come down intact', async () => {
    const up = await device('up');
    for (let i = 0; i < 300; i++) {
      let card = vcard30(testContact(i, 'LO'));
      if (i % 10 === 0) {
        const b64 = photoOf(i).toString('base64').replace(/(.{74})/g, '$1\r\n ');
        card = card.replace('END:VCARD', `PHOTO;ENCODING=b;TYPE=JPEG:${b64}\r\nEND:VCARD`);
      }
      await up.writeItem('contacts', `c${i}.vcf`, card);
    }
    const first = ok(await up.sync('two-way'));
    assert.equal(first.stats.contacts?.remote.added, 300);
    const server = await listVCards(account);
    assert.equal(server.length, 300);
    for (const item of server) {
      const n = Number(familyName(item.data ?? '')?.replace('LO', ''));
      if (n % 10 === 0) assert.deepEqual(photoBytes(item.data ?? ''), photoOf(n), `photo of LO${n} on the server`);
    }

    const down = await device('down');
    const second = ok(await down.sync('two-way'));
    assert.equal(second.stats.contacts?.local.added, 300);
    let photos = 0;
    for (const name of await down.listItems('contacts')) {
      const text = await down.readItem('contacts', name);
      const n = Number(familyName(text)?.replace('LO', ''));
      if (n % 10 === 0) {
        assert.deepEqual(photoBytes(text), photoOf(n), `photo of LO${n} on the second device`);
        photos++;
      }
    }
    assert.equal(photos, 30);
  });
});
