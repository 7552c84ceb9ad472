// MD5 end to end (done-when 2 and 6 of issue 6): SyncEvolution with syncml:auth-md5 against a
// gateway that checks digests with a password file (the users' SyncML passwords, not their mail
// passwords), confirms each account on Dovecot with the master user (`user*syncml-master`) and
// logs in to Radicale with per-user DAV passwords. The gateway's own pino log is kept in a
// buffer and searched for every form of every secret involved.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, ensureStack } from '../support/stack.ts';
import { emptyCollection, listVCards } from '../support/dav.ts';
import { DeviceSet } from '../support/syncevolution.ts';
import { startTestGateway } from '../support/gateway.ts';
import { testContact, vcard30, familyName } from '../support/contacts.ts';
import { bufferLogger, credentialsSent, dovecotMaster, secretForms, tempFile } from '../support/auth.ts';
import type { RunningGateway } from '../../gateway/server.ts';

const run = Date.now().toString(36);
const demo = accounts.demo;
/** demo's SyncML password: in the password file only, unknown to Dovecot and Radicale. */
const syncPassword = 'demo-sync-md5-Secret';
const ghost = { user: 'ghost@example.com', password: 'ghost-sync-Secret' };

describe('MD5 with a password file and a Dovecot master user', { timeout: 600_000 }, () => {
  const log = bufferLogger();
  const devices = new DeviceSet();
  let gateway: RunningGateway;

  const device = (id: string, user: string, password: string, authType: 'md5' | 'basic' = 'md5') =>
    devices.add({ syncURL: gateway.url, user, password, authType, loglevel: 5, deviceId: `it-md5-${id}-${run}` });

  before(async () => {
    await ensureStack();
    await emptyCollection(demo, 'contacts');
    const passwords = tempFile('syncml-passwords', ['# SyncML passwords (in clear: MD5 needs them)', `${demo.user}:${syncPassword}`, `${ghost.user}:${ghost.password}`]);
    const davPasswords = tempFile('dav-passwords', [`${demo.user}:${demo.password}`]);
    gateway = await startTestGateway({
      state: mkdtempSync(join(tmpdir(), 'syncml-it-md5-')),
      logger: log.logger,
      env: {
        SYNCML_AUTH_POLICY: 'md5',
        SYNCML_AUTH_SOURCE: 'file',
        SYNCML_PASSWORD_FILE: passwords,
        SYNCML_AUTH_CONFIRM: 'imap',
        SYNCML_IMAP_LOGIN: 'master',
        SYNCML_IMAP_MASTER_USER: dovecotMaster.user,
        SYNCML_IMAP_MASTER_PASSWORD: dovecotMaster.password,
        SYNCML_DAV_LOGIN: 'file',
        SYNCML_DAV_LOGIN_FILE: davPasswords,
      },
    });
  });

  after(async () => {
    await gateway?.close();
    await devices.cleanup();
  });

  test('a new MD5 client syncs (challenged once for a nonce), and its next session is accepted at once', async () => {
    const phone = await device('A', demo.user, syncPassword);
    for (let i = 0; i < 3; i++) await phone.writeItem('contacts', `c${i}.vcf`, vcard30(testContact(i, 'Md5')));
    const first = await phone.sync('two-way');
    assert.equal(first.exitCode, 0, `${first.status} ${first.error ?? ''}\n${first.stdout.slice(-2000)}`);
    assert.equal(first.status, 200);
    assert.equal(first.stats.contacts?.remote.added, 3);
    const onServer = (await listVCards(demo)).map((i) => familyName(i.data ?? '')).sort();
    assert.deepEqual(onServer, ['Md5000', 'Md5001', 'Md5002']);
    const lines = log.text();
    assert.match(lines, /"user":"demo@example.com\*syncml-master".*"msg":"IMAP login checked"/, 'the account was confirmed with the master login');
    assert.match(lines, /"auth":"md5".*"msg":"authenticated"/);

    const staleBefore = (log.text().match(/old or empty nonce/g) ?? []).length;
    await phone.writeItem('contacts', 'c3.vcf', vcard30(testContact(3, 'Md5')));
    const second = await phone.sync('two-way');
    assert.equal(second.exitCode, 0, second.stdout.slice(-2000));
    assert.equal(second.stats.contacts?.mode, 'two-way');
    assert.equal(second.stats.contacts?.remote.added, 1);
    assert.equal((log.text().match(/old or empty nonce/g) ?? []).length, staleBefore, 'the NextNonce of the last session was used: no new challenge');
  });

  test('a client configured for basic is challenged for MD5 and follows', async () => {
    const phone = await device('B', demo.user, syncPassword, 'basic');
    const result = await phone.sync('two-way');
    assert.equal(result.exitCode, 0, `${result.status} ${result.error ?? ''}\n${result.stdout.slice(-2000)}`);
    assert.equal(result.stats.contacts?.local.added, 4);
  });

  test('a wrong MD5 password gets 401 and changes nothing', async () => {
    const before = await listVCards(demo);
    const phone = await device('wrong', demo.user, demo.password);
    await phone.writeItem('contacts', 'x.vcf', vcard30(testContact(9, 'Md5')));
    const result = await phone.sync('two-way');
    assert.notEqual(result.exitCode, 0);
    assert.equal(result.status, 401, result.stdout.slice(-2000));
    assert.deepEqual((await listVCards(demo)).map((i) => i.etag), before.map((i) => i.etag));
  });

  test('a user in the password file whom Dovecot does not know is refused by the master-login check', async () => {
    const phone = await device('ghost', ghost.user, ghost.password);
    const result = await phone.sync('two-way');
    assert.equal(result.status, 401, result.stdout.slice(-2000));
    assert.match(log.text(), /"user":"ghost@example.com".*account check on the mail server failed/);
  });

  test('the gateway log holds no password, no base64 user:password, no MD5 secret or digest', () => {
    const text = log.text();
    assert.ok(text.length > 1000, 'the log was captured');
    const secrets = [
      ...secretForms(demo.user, syncPassword),
      ...secretForms(demo.user, demo.password),
      ...secretForms(ghost.user, ghost.password),
      ...secretForms(`${demo.user}${dovecotMaster.separator}${dovecotMaster.user}`, dovecotMaster.password),
      dovecotMaster.password,
    ];
    const digests = devices.all.flatMap((d) => credentialsSent(d.logRoot));
    assert.ok(digests.length >= 5, `MD5 digests found in the clients' message dumps: ${digests.length}`);
    for (const secret of [...secrets, ...digests]) assert.ok(!text.includes(secret), `the log holds a secret (${secret.slice(0, 3)}...)`);
  });
});
