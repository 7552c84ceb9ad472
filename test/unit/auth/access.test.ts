// Who may sync (done-when 3 of issue 6): SyncML switched off, allow and deny lists by account and
// by domain. A refused account gets 403 on the SyncHdr, and nothing is touched: no password
// check (no IMAP login), no password lookup, no store.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessFor, parseAccessList, type AccessRules } from '../../../gateway/engine/auth/access.ts';
import { defaultAuthSettings, type AuthPolicy } from '../../../gateway/engine/auth.ts';
import { engineHarness } from '../../support/engine-harness.ts';
import { MemoryPasswords } from '../../support/memory-backend.ts';
import { ModelClient } from '../../support/model-client.ts';
import { AuthProbe } from './auth-probe.ts';

const users = {
  'alice@example.com': 'alice-secret',
  'bob@example.com': 'bob-secret',
  'carol@example.org': 'carol-secret',
  'dave@Example.NET': 'dave-secret',
};

function rules(allow = '', deny = '', enabled = true): AccessRules {
  return { enabled, allow: parseAccessList(allow), deny: parseAccessList(deny) };
}

function harness(access: AccessRules, policy: AuthPolicy = 'basic-or-md5') {
  const passwords = new MemoryPasswords(users);
  const h = engineHarness(users, undefined, { auth: { ...defaultAuthSettings, policy, access }, passwords });
  return { h, passwords };
}

let devices = 0;
async function syncAs(h: ReturnType<typeof harness>['h'], user: keyof typeof users) {
  const client = new ModelClient({ deviceId: `IMEI:access-${++devices}`, user, password: users[user] });
  return client.sync(h.process);
}

describe('access lists', () => {
  test('parsing: accounts, domains with or without @, any case, commas or spaces', () => {
    assert.deepEqual(parseAccessList(' Alice@Example.com, example.org  @Example.NET\n'), { accounts: ['alice@example.com'], domains: ['example.org', 'example.net'] });
    assert.deepEqual(parseAccessList(undefined), { accounts: [], domains: [] });
    assert.throws(() => parseAccessList('alice@'), /neither an account/);
    assert.throws(() => parseAccessList('exa mple.org,bad_domain'), /bad_domain/);
  });

  test('decisions: deny wins, a non-empty allow list admits only what it names', () => {
    assert.equal(accessFor(rules(), 'anyone@anywhere.test'), 'allowed');
    assert.equal(accessFor(rules('', 'bob@example.com'), 'bob@example.com'), 'denied');
    assert.equal(accessFor(rules('', 'bob@example.com'), 'alice@example.com'), 'allowed');
    assert.equal(accessFor(rules('', 'example.org'), 'carol@Example.ORG'), 'denied');
    assert.equal(accessFor(rules('example.com'), 'carol@example.org'), 'not-allowed');
    assert.equal(accessFor(rules('example.com', 'bob@example.com'), 'bob@example.com'), 'denied');
    assert.equal(accessFor(rules('carol@example.org'), 'carol@example.org'), 'allowed');
    assert.equal(accessFor(rules('example.com'), 'alice@sub.example.com'), 'not-allowed', 'a domain is matched exactly');
  });
});

describe('who may sync, through the engine', () => {
  test('deny by account: 403, no password check, no store; the others sync', async () => {
    const { h, passwords } = harness(rules('', 'bob@example.com'));
    const bob = await syncAs(h, 'bob@example.com');
    assert.equal(bob.hdrStatus, 403);
    assert.equal(bob.messages, 1, 'no retry: the session is over');
    assert.equal(h.authenticator.calls, 0, 'no IMAP login');
    assert.equal(passwords.calls, 0);
    assert.equal(h.accounts.stores.size, 0, 'no store opened');
    assert.equal((await syncAs(h, 'alice@example.com')).hdrStatus, 200);
  });

  test('deny by domain: 403 for every account of the domain, whatever the case', async () => {
    const { h } = harness(rules('', '@example.org, example.net'));
    assert.equal((await syncAs(h, 'carol@example.org')).hdrStatus, 403);
    assert.equal((await syncAs(h, 'dave@Example.NET')).hdrStatus, 403);
    assert.equal(h.authenticator.calls, 0);
    assert.equal((await syncAs(h, 'alice@example.com')).hdrStatus, 200);
  });

  test('allow by account: only the listed account syncs', async () => {
    const { h } = harness(rules('alice@example.com'));
    assert.equal((await syncAs(h, 'alice@example.com')).hdrStatus, 200);
    assert.equal((await syncAs(h, 'bob@example.com')).hdrStatus, 403);
    assert.equal(h.authenticator.calls, 1, 'only alice was checked');
  });

  test('allow by domain, with one account of it denied', async () => {
    const { h } = harness(rules('example.com', 'bob@example.com'));
    assert.equal((await syncAs(h, 'alice@example.com')).hdrStatus, 200);
    assert.equal((await syncAs(h, 'bob@example.com')).hdrStatus, 403);
    assert.equal((await syncAs(h, 'carol@example.org')).hdrStatus, 403);
  });

  test('an MD5 client is refused on its user name (LocName) before any nonce or password lookup', async () => {
    const { h, passwords } = harness(rules('', 'example.org'), 'md5');
    const probe = new AuthProbe(h.process, 'IMEI:access-md5');
    const answer = await probe.attempt({ type: 'md5', user: 'carol@example.org', password: users['carol@example.org'], nonce: '' });
    assert.equal(answer.status, 403);
    assert.equal(answer.chal, undefined);
    assert.equal(passwords.calls, 0);
    assert.ok(![...h.state.data.keys()].some((k) => k.startsWith('auth-nonce:')), 'no nonce issued');
  });

  test('a wrong password of a denied account also gets 403 (the password is never looked at)', async () => {
    const { h } = harness(rules('', 'bob@example.com'));
    const probe = new AuthProbe(h.process, 'IMEI:access-wrong');
    assert.equal((await probe.attempt({ type: 'basic', user: 'bob@example.com', password: 'wrong' })).status, 403);
    assert.equal(h.authenticator.calls, 0);
  });

  test('SyncML switched off: 403 for everyone, nothing checked', async () => {
    const { h } = harness(rules('', '', false));
    assert.equal((await syncAs(h, 'alice@example.com')).hdrStatus, 403);
    assert.equal(h.authenticator.calls, 0);
    assert.equal(h.accounts.stores.size, 0);
  });
});
