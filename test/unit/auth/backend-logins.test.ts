// How the gateway logs in to each backend for a user: own password, master user, per-domain
// service account, per-user password file; and the DAV adapter taking its login from the port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfiguredLogins, parseServiceAccounts } from '../../../adapters/logins/backend-logins.ts';
import { davAccountsWithLogins } from '../../../adapters/dav-logins.ts';
import type { AccountProvider, UserCredentials } from '../../../gateway/ports/backend.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };
const dir = mkdtempSync(join(tmpdir(), 'syncml-logins-'));
const services = join(dir, 'services');
const davPasswords = join(dir, 'dav-passwords');
writeFileSync(services, '# one service account per domain\nexample.com:svc-dav@example.com:svc:pass\n');
writeFileSync(davPasswords, 'alice@example.com:alice-dav-password\nbob@example.com:{SHA}abc=\n');

test('same, master, service and file logins', () => {
  const logins = new ConfiguredLogins({
    imap: { mode: 'master', masterUser: 'syncml-master', masterPassword: 'master-secret', separator: '*' },
    dav: { mode: 'file', file: davPasswords },
    smtp: { mode: 'service', file: services },
  });
  assert.deepEqual(logins.login('imap', alice), { user: 'alice@example.com*syncml-master', password: 'master-secret' });
  assert.deepEqual(logins.login('dav', alice), { user: 'alice@example.com', password: 'alice-dav-password' });
  assert.equal(logins.login('dav', { user: 'bob@example.com', password: 'x' }), undefined, 'a hash cannot log in anywhere');
  assert.equal(logins.login('dav', { user: 'carol@example.org', password: 'x' }), undefined);
  assert.deepEqual(logins.login('smtp', alice), { user: 'svc-dav@example.com', password: 'svc:pass' });
  assert.equal(logins.login('smtp', { user: 'carol@example.org', password: 'x' }), undefined, 'no service account for the domain');
  assert.deepEqual([logins.mode('imap'), logins.mode('dav'), logins.mode('smtp')], ['master', 'file', 'service']);
  const same = new ConfiguredLogins({});
  assert.deepEqual(same.login('imap', alice), alice);
  assert.equal(same.mode('dav'), 'same');
});

test('service-account files are checked line by line; a missing file is a start-up error', () => {
  assert.throws(() => parseServiceAccounts('example.com:only-a-login\n'), /line 1/);
  assert.throws(() => new ConfiguredLogins({ dav: { mode: 'file', file: join(dir, 'missing') } }), /ENOENT/);
});

test('the DAV adapter gets the login from the port, and with {user} starts discovery at the user', async () => {
  const made: Array<{ davUrl: string; login: UserCredentials }> = [];
  const provider = (davUrl: string): AccountProvider => ({
    account: (login) => {
      made.push({ davUrl, login });
      return { open: async () => undefined };
    },
  });
  const logins = new ConfiguredLogins({ dav: { mode: 'service', file: services } });
  const accounts = davAccountsWithLogins({ davUrl: 'https://dav.example.com/{user}/', logins, provider });
  accounts.account(alice);
  assert.deepEqual(made, [{ davUrl: 'https://dav.example.com/alice%40example.com/', login: { user: 'svc-dav@example.com', password: 'svc:pass' } }]);
  const nobody = accounts.account({ user: 'carol@example.org', password: 'x' });
  await assert.rejects(nobody.open('contacts'), (error: Error & { kind?: string }) => error.kind === 'auth' && /no DAV login/.test(error.message));
  const shared = davAccountsWithLogins({ davUrl: 'https://dav.example.com/', logins: new ConfiguredLogins({}), provider });
  shared.account(alice);
  assert.deepEqual(made.at(-1), { davUrl: 'https://dav.example.com/', login: alice });
});
