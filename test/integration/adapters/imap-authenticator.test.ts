// The IMAP authenticator against a real Dovecot (the stack's, or SYNCML_TEST_IMAP_URL).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { ImapAuthenticator } from '../../../adapters/imap/imap-authenticator.ts';
import { ensureServers, targets, users } from './targets.ts';

before(ensureServers);

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

test('ok: right password (user name with @)', async () => {
  const authenticator = new ImapAuthenticator({ url: targets.imapUrl });
  assert.equal(await authenticator.verify(users.alice), 'ok');
  assert.equal(await authenticator.verify(users.carol, '192.0.2.10'), 'ok');
});

test('invalid: wrong password, unknown user', async () => {
  const authenticator = new ImapAuthenticator({ url: targets.imapUrl });
  assert.equal(await authenticator.verify({ user: users.bob.user, password: 'wrong' }, '192.0.2.11'), 'invalid');
  assert.equal(await authenticator.verify({ user: 'nobody-here@example.com', password: 'x' }, '192.0.2.12'), 'invalid');
});

test('unavailable: nothing listens on the port', async () => {
  const authenticator = new ImapAuthenticator({ url: `imap://127.0.0.1:${await closedPort()}` });
  assert.equal(await authenticator.verify(users.alice), 'unavailable');
});
