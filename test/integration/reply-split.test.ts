// Statuses over several replies with a real client: SyncEvolution at its smallest MaxMsgSize
// deletes 250 contacts. A Delete is smaller than its Status, so the statuses of a full message
// of Deletes do not fit in one reply of 10240 bytes: the gateway sends them over several
// messages and SyncEvolution asks for each (Alert 222). Account grace only.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, ensureStack } from '../support/stack.ts';
import { emptyCollection, listVCards } from '../support/dav.ts';
import { DeviceSet } from '../support/syncevolution.ts';
import { startTestGateway } from '../support/gateway.ts';
import { bufferLogger } from '../support/auth.ts';
import { carriesContact, familyName, testContact, vcard30 } from '../support/contacts.ts';
import { ok } from '../support/sync-assertions.ts';
import type { RunningGateway } from '../../gateway/server.ts';

const account = accounts.grace;
const run = Date.now().toString(36);
const count = 250;
// SyncEvolution refuses a maxMsgSize below 10240 bytes (TESTING.md).
const maxMsgSize = 10240;

describe('statuses split over several replies, with SyncEvolution', { timeout: 600_000 }, () => {
  let gateway: RunningGateway;
  const log = bufferLogger();
  const devices = new DeviceSet();
  const device = (id: string) =>
    devices.add({ syncURL: gateway.url, ...account, deviceId: `it-split-${id}-${run}`, maxMsgSize });

  before(async () => {
    await ensureStack();
    await emptyCollection(account, 'contacts');
    gateway = await startTestGateway({ state: mkdtempSync(join(tmpdir(), 'syncml-split-')), logger: log.logger });
  });
  after(async () => {
    await gateway?.close();
    await devices.cleanup();
  });

  const splits = (): number => log.text().split('\n').filter((l) => l.includes('reply over MaxMsgSize')).length;

  test(`${count} contacts up, down to a second device, then deleted, at MaxMsgSize ${maxMsgSize}`, async () => {
    const up = await device('up');
    const contacts = Array.from({ length: count }, (_, i) => testContact(i, `Split${run}`));
    for (const [i, c] of contacts.entries()) await up.writeItem('contacts', `c${i}.vcf`, vcard30(c));
    const first = ok(await up.sync('two-way'));
    assert.equal(first.stats.contacts?.remote.added, count);
    const server = await listVCards(account);
    assert.equal(server.length, count);
    for (const c of contacts) assert.ok(server.some((item) => familyName(item.data ?? '') === c.family && carriesContact(item.data ?? '', c)), `${c.family} on the server`);

    const down = await device('down');
    assert.equal(ok(await down.sync('two-way')).stats.contacts?.local.added, count);

    const before = splits();
    for (const name of await up.listItems('contacts')) await up.deleteItem('contacts', name);
    const deleted = ok(await up.sync('two-way'));
    assert.equal(deleted.stats.contacts?.remote.removed, count);
    assert.ok(splits() - before >= 2, `the statuses of the Deletes went over several replies (${splits() - before} continued)`);
    assert.equal((await listVCards(account)).length, 0);

    // The session ended in step: the other device gets the deletes, the first has nothing left to do.
    assert.equal(ok(await down.sync('two-way')).stats.contacts?.local.removed, count);
    const again = ok(await up.sync('two-way'));
    assert.equal(again.stats.contacts?.remote.removed ?? 0, 0);
    assert.equal(again.stats.contacts?.local.added ?? 0, 0);
  });
});
