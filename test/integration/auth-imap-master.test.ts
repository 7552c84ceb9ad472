// The IMAP side of backend logins against the stack's Dovecot: the master user opens any
// existing account without its password (`user*syncml-master`), and nothing else.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ImapAccountCheck } from '../../adapters/imap/imap-account-check.ts';
import { ImapAuthenticator } from '../../adapters/imap/imap-authenticator.ts';
import { ConfiguredLogins } from '../../adapters/logins/backend-logins.ts';
import { accounts, ensureStack, stackUrls } from '../support/stack.ts';
import { dovecotMaster } from '../support/auth.ts';

before(async () => {
  await ensureStack();
});

const master = (password: string) =>
  new ImapAccountCheck(
    new ImapAuthenticator({ url: stackUrls().imap }),
    new ConfiguredLogins({ imap: { mode: 'master', masterUser: dovecotMaster.user, masterPassword: password, separator: dovecotMaster.separator } }),
  );

test('the master login confirms existing accounts whatever password the client used', async () => {
  const check = master(dovecotMaster.password);
  assert.equal(await check.check({ user: accounts.demo.user, password: 'not-the-mail-password' }), 'ok');
  assert.equal(await check.check({ user: accounts.carol.user, password: '' }, '198.51.100.20'), 'ok');
});

test('an account Dovecot does not know, or a wrong master password, is refused', async () => {
  assert.equal(await master(dovecotMaster.password).check({ user: 'ghost@example.com', password: 'x' }), 'invalid');
  assert.equal(await master('wrong-master-password').check({ user: accounts.demo.user, password: 'x' }), 'invalid');
});

test('the master user cannot log in as itself', async () => {
  const imap = new ImapAuthenticator({ url: stackUrls().imap });
  assert.equal(await imap.verify({ user: dovecotMaster.user, password: dovecotMaster.password }), 'invalid');
});

test('with same-password logins the check is an ordinary login with the password the file accepted', async () => {
  const same = new ImapAccountCheck(new ImapAuthenticator({ url: stackUrls().imap }), new ConfiguredLogins({}));
  assert.equal(await same.check(accounts.demo), 'ok');
  assert.equal(await same.check({ user: accounts.demo.user, password: 'file-and-mail-disagree' }), 'invalid');
});
