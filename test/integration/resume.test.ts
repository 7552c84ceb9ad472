// Resume with a real client (SyncML 1.2, Alert 225): SyncEvolution loses its connection in the
// middle of sending its changes; the next run resumes the interrupted sync instead of starting a
// slow one, and Radicale ends up with every contact exactly once. Account grace.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, ensureStack } from '../support/stack.ts';
import { startTestGateway } from '../support/gateway.ts';
import { DeviceSet } from '../support/syncevolution.ts';
import { bufferLogger } from '../support/auth.ts';
import { emptyCollection, listVCards } from '../support/dav.ts';
import { familyName, testContact, vcard30 } from '../support/contacts.ts';
import { cuttingProxy, type CuttingProxy } from '../support/cutting-proxy.ts';
import { assertSynced, ok } from '../support/sync-assertions.ts';
import type { RunningGateway } from '../../gateway/server.ts';

const { grace } = accounts;
const run = Date.now().toString(36);

/** The Alert code of the first message the client sent in a session (from its message dumps). */
function firstAlertSent(logDir: string): number | undefined {
  const first = readdirSync(logDir).filter((f) => f.includes('_outgoing')).sort()[0];
  if (first === undefined) return undefined;
  const code = /<Alert>[\s\S]*?<Data>(\d+)<\/Data>/.exec(readFileSync(join(logDir, first), 'utf8'))?.[1];
  return code === undefined ? undefined : Number(code);
}

describe('an interrupted sync resumes with SyncEvolution', { timeout: 600_000 }, () => {
  let gateway: RunningGateway;
  let proxy: CuttingProxy;
  const log = bufferLogger();
  const devices = new DeviceSet();

  before(async () => {
    await ensureStack();
    await emptyCollection(grace, 'contacts');
    gateway = await startTestGateway({ state: mkdtempSync(join(tmpdir(), 'syncml-resume-')), logger: log.logger });
    proxy = await cuttingProxy(gateway.url);
  });
  after(async () => {
    await proxy?.close();
    await gateway?.close();
    await devices.cleanup();
  });

  test('cut while sending its changes, then resumed: every contact stored once', async () => {
    // maxMsgSize 10240 spreads 60 contacts over several messages; loglevel 5 keeps the messages.
    const phone = await devices.add({ syncURL: proxy.url, ...grace, deviceId: `it-resume-${run}`, maxMsgSize: 10240, loglevel: 5, extraConfig: { RetryDuration: '0' } });
    const tag = `Resume${run}`;
    for (let i = 0; i < 10; i++) await phone.writeItem('contacts', `c${i}.vcf`, vcard30(testContact(i, tag)));
    assertSynced(await phone.sync('slow'), 'slow');
    for (let i = 10; i < 70; i++) await phone.writeItem('contacts', `c${i}.vcf`, vcard30(testContact(i, tag)));

    // The third request (the second message of the client's changes) reaches the gateway, its
    // answer is lost: the client gives up with a transport error.
    proxy.cutAt(3);
    const cut = await phone.sync('two-way');
    assert.notEqual(cut.exitCode, 0, 'the cut sync failed on the client');
    assert.equal(proxy.requests, 3);
    const partial = (await listVCards(grace)).length;
    assert.ok(partial > 10 && partial < 70, `part of the changes arrived before the cut (${partial})`);

    proxy.cutAt(0);
    const resumed = await phone.sync('two-way');
    assertSynced(resumed, 'two-way');
    assert.equal(resumed.stats.contacts?.raw['resume'], 'true', 'SyncEvolution resumed the interrupted session');
    assert.equal(firstAlertSent(resumed.logDir!), 225, 'asked with Alert 225');
    assert.match(log.text(), /resuming the interrupted two-way/);

    const stored = (await listVCards(grace)).map((c) => familyName(c.data ?? ''));
    assert.equal(stored.length, 70, 'every contact on the server');
    assert.equal(new Set(stored).size, 70, 'none twice');

    // The next ordinary sync: SyncEvolution sends again, as Adds, the contacts it had sent before
    // the cut and got statuses for (its change log only moves on at a complete session). The
    // gateway knows their ids from the interrupted session: no duplicates, nothing back.
    const after = ok(await phone.sync('two-way'));
    assert.equal(after.stats.contacts?.local.added, 0);
    assert.equal(after.stats.contacts?.local.updated, 0);
    const final = (await listVCards(grace)).map((c) => familyName(c.data ?? ''));
    assert.equal(final.length, 70);
    assert.equal(new Set(final).size, 70);
  });
});
