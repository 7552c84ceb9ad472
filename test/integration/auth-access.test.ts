// Who may sync, with a real client (done-when 3 of issue 6): allow and deny lists by account and
// by domain, and SyncML switched off. A refused account gets 403 on the SyncHdr and nothing is
// touched: no IMAP login (the gateway's IMAP adapter logs each one at debug level), no DAV data.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, ensureStack, type StackAccount } from '../support/stack.ts';
import { emptyCollection, listVCards, putVCard } from '../support/dav.ts';
import { SyncEvolutionDevice, type SyncResult } from '../support/syncevolution.ts';
import { startTestGateway } from '../support/gateway.ts';
import { testContact, vcard30 } from '../support/contacts.ts';
import { bufferLogger, secretForms } from '../support/auth.ts';

const run = Date.now().toString(36);
const { demo, carol } = accounts;

/** One gateway with `env`, one fresh device per account; resolves with each account's result and the log. */
async function syncEach(name: string, env: Record<string, string>, who: StackAccount[]): Promise<{ results: Map<string, SyncResult>; log: string }> {
  const log = bufferLogger();
  const gateway = await startTestGateway({ state: mkdtempSync(join(tmpdir(), 'syncml-it-access-')), logger: log.logger, env });
  const results = new Map<string, SyncResult>();
  try {
    for (const account of who) {
      const device = new SyncEvolutionDevice({ syncURL: gateway.url, ...account, deviceId: `it-access-${name}-${account.user}-${run}` });
      try {
        await device.configure();
        await device.writeItem('contacts', 'from-device.vcf', vcard30(testContact(1, `Access${name}`)));
        results.set(account.user, await device.sync('two-way'));
      } finally {
        await device.cleanup();
      }
    }
  } finally {
    await gateway.close();
  }
  return { results, log: log.text() };
}

function assertRefused(result: SyncResult | undefined, log: string, account: StackAccount): void {
  assert.equal(result?.status, 403, result?.stdout.slice(-2000));
  assert.notEqual(result?.exitCode, 0);
  const imapLogins = log.split('\n').filter((l) => l.includes('"msg":"IMAP login') && l.includes(`"user":"${account.user}"`));
  assert.deepEqual(imapLogins, [], 'no IMAP login for a refused account');
  assert.match(log, new RegExp(`"user":"${account.user.replace('.', '\\.')}".*"msg":"account (denied|not allowed)`));
  assertNoSecrets(log);
}

/** Basic credentials of both accounts (refused or not) never reach the log. */
function assertNoSecrets(log: string): void {
  for (const secret of [...secretForms(demo.user, demo.password), ...secretForms(carol.user, carol.password)]) {
    assert.ok(!log.includes(secret), `the log holds a secret (${secret.slice(0, 3)}...)`);
  }
}

function assertSynced(result: SyncResult | undefined): void {
  assert.equal(result?.exitCode, 0, `${result?.status} ${result?.error ?? ''}\n${result?.stdout.slice(-2000)}`);
  assert.equal(result?.status, 200);
}

describe('allow and deny lists', { timeout: 600_000 }, () => {
  let carolBefore: string[];

  before(async () => {
    await ensureStack();
    await emptyCollection(demo, 'contacts');
    await emptyCollection(carol, 'contacts');
    await putVCard(carol, 'carol-own.vcf', vcard30(testContact(7, 'CarolOwn')).replace('END:VCARD', 'UID:carol-own\r\nEND:VCARD'));
    carolBefore = (await listVCards(carol)).map((i) => `${i.name} ${i.etag}`);
  });

  after(async () => {
    // Refused syncs must not have touched carol's address book.
    assert.deepEqual((await listVCards(carol)).map((i) => `${i.name} ${i.etag}`), carolBefore);
  });

  test('deny by account: carol@example.org gets 403, demo syncs', async () => {
    const { results, log } = await syncEach('deny-account', { SYNCML_DENY: 'carol@example.org' }, [carol, demo]);
    assertRefused(results.get(carol.user), log, carol);
    assertSynced(results.get(demo.user));
  });

  test('deny by domain: every account of example.org gets 403', async () => {
    const { results, log } = await syncEach('deny-domain', { SYNCML_DENY: 'example.org' }, [carol, demo]);
    assertRefused(results.get(carol.user), log, carol);
    assertSynced(results.get(demo.user));
  });

  test('allow by account: only demo@example.com may sync', async () => {
    const { results, log } = await syncEach('allow-account', { SYNCML_ALLOW: 'demo@example.com' }, [carol, demo]);
    assertRefused(results.get(carol.user), log, carol);
    assertSynced(results.get(demo.user));
  });

  test('allow by domain: only example.com may sync', async () => {
    const { results, log } = await syncEach('allow-domain', { SYNCML_ALLOW: '@example.com' }, [carol, demo]);
    assertRefused(results.get(carol.user), log, carol);
    assertSynced(results.get(demo.user));
  });

  test('SyncML switched off: 403 for everyone', async () => {
    const { results, log } = await syncEach('off', { SYNCML_ENABLED: 'false' }, [demo]);
    assert.equal(results.get(demo.user)?.status, 403);
    assert.doesNotMatch(log, /"msg":"IMAP login/);
    assert.match(log, /SyncML is switched off/);
  });
});
