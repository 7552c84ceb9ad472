// Brute-force limits: failed logins per account and per client address, counted in the shared
// state store (so several instances enforce them together); over a limit the password is not
// checked at all, and the lock is logged once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAuthSettings, type AuthSettings } from '../../../gateway/engine/auth.ts';
import { engineHarness } from '../../support/engine-harness.ts';
import { MemoryAccounts, MemoryPasswords, MemoryStateStore } from '../../support/memory-backend.ts';
import { AuthProbe, captureLogger, type LogLine } from './auth-probe.ts';

const users = { 'alice@example.com': 'alice-secret', 'bob@example.com': 'bob-secret' };

class Clock {
  ms = Date.parse('2026-11-26T10:00:00Z');
  now = (): Date => new Date(this.ms);
}

function harness(limits: Partial<AuthSettings['limits']>, shared?: { state: MemoryStateStore; clock: Clock }, clientAddress = '198.51.100.7') {
  const clock = shared?.clock ?? new Clock();
  const state = shared?.state ?? new MemoryStateStore();
  const lines: LogLine[] = [];
  const auth: AuthSettings = { ...defaultAuthSettings, limits: { perAccount: 0, perAddress: 0, windowMs: 600_000, ...limits } };
  const h = engineHarness(users, { state, accounts: new MemoryAccounts() }, { auth, clock, logger: captureLogger(lines), clientAddress });
  return { h, clock, state, lines };
}

let devices = 0;
async function login(h: ReturnType<typeof harness>['h'], user: string, password: string): Promise<number> {
  return (await new AuthProbe(h.process, `IMEI:limits-${++devices}`).attempt({ type: 'basic', user, password })).status;
}

test('per account: after N failures even the right password is refused unchecked, until the window passes', async () => {
  const { h, clock, lines } = harness({ perAccount: 3 });
  for (let i = 0; i < 3; i++) assert.equal(await login(h, 'alice@example.com', 'guess'), 401);
  assert.equal(h.authenticator.calls, 3);
  assert.equal(await login(h, 'alice@example.com', 'alice-secret'), 401, 'locked: the right password does not help');
  assert.equal(await login(h, 'alice@example.com', 'guess'), 401);
  assert.equal(h.authenticator.calls, 3, 'no password checked while locked');
  assert.equal(await login(h, 'bob@example.com', 'bob-secret'), 212, 'other accounts are not affected');
  const locks = lines.filter((l) => l.msg.startsWith('too many failed logins'));
  assert.equal(locks.length, 1, 'the lock is logged once');
  assert.equal(locks[0]?.fields['user'], 'alice@example.com');
  clock.ms += 600_000;
  assert.equal(await login(h, 'alice@example.com', 'alice-secret'), 212, 'the window is over');
});

test('per address: failures on many accounts from one address lock that address only', async () => {
  const state = new MemoryStateStore();
  const clock = new Clock();
  const attacker = harness({ perAddress: 4 }, { state, clock }, '203.0.113.9');
  for (const user of ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']) assert.equal(await login(attacker.h, user, 'x'), 401);
  const before = attacker.h.authenticator.calls;
  assert.equal(await login(attacker.h, 'alice@example.com', 'alice-secret'), 401);
  assert.equal(attacker.h.authenticator.calls, before);
  const elsewhere = harness({ perAddress: 4 }, { state, clock }, '192.0.2.1');
  assert.equal(await login(elsewhere.h, 'alice@example.com', 'alice-secret'), 212);
});

test('two gateway instances sharing the state store count together', async () => {
  const state = new MemoryStateStore();
  const clock = new Clock();
  const one = harness({ perAccount: 4 }, { state, clock });
  const two = harness({ perAccount: 4 }, { state, clock });
  assert.equal(await login(one.h, 'bob@example.com', 'x'), 401);
  assert.equal(await login(two.h, 'bob@example.com', 'x'), 401);
  assert.equal(await login(one.h, 'bob@example.com', 'x'), 401);
  assert.equal(await login(two.h, 'bob@example.com', 'x'), 401);
  assert.equal(await login(one.h, 'bob@example.com', 'bob-secret'), 401);
  assert.equal(await login(two.h, 'bob@example.com', 'bob-secret'), 401);
  assert.ok([...state.counters.keys()].some((k) => k.startsWith('auth-failures:account:bob@example.com:')), 'one shared counter');
});

test('a successful login clears the account count', async () => {
  const { h } = harness({ perAccount: 2 });
  assert.equal(await login(h, 'alice@example.com', 'x'), 401);
  assert.equal(await login(h, 'alice@example.com', 'alice-secret'), 212);
  assert.equal(await login(h, 'alice@example.com', 'x'), 401);
  assert.equal(await login(h, 'alice@example.com', 'alice-secret'), 212, 'one failure since the last success');
});

test('an MD5 client with the right password but an old or empty nonce is challenged, not counted as a failure', async () => {
  const passwords = new MemoryPasswords(users);
  const auth: AuthSettings = { ...defaultAuthSettings, policy: 'md5', limits: { perAccount: 1, perAddress: 1, windowMs: 600_000 } };
  const h = engineHarness(users, undefined, { auth, passwords, clientAddress: '198.51.100.8' });
  for (let i = 0; i < 3; i++) {
    const probe = new AuthProbe(h.process, `IMEI:stale-${i}`);
    const first = await probe.attempt({ type: 'md5', user: 'alice@example.com', password: 'alice-secret', nonce: '' });
    assert.equal(first.status, 401);
    const second = await probe.attempt({ type: 'md5', user: 'alice@example.com', password: 'alice-secret', nonce: first.chal?.meta.nextNonce ?? '' });
    assert.equal(second.status, 212, `session ${i}: not locked by stale nonces`);
  }
});

test('parallel guesses cannot slip under the limit while their checks run', async () => {
  const { h } = harness({ perAccount: 5, perAddress: 8 });
  // Every password check takes a while, as an IMAP login does: all guesses are in flight at once.
  h.authenticator.delayMs = 20;
  const statuses = await Promise.all(Array.from({ length: 30 }, () => login(h, 'alice@example.com', 'guess')));
  assert.ok(statuses.every((s) => s === 401));
  assert.equal(h.authenticator.calls, 5, 'only as many passwords checked as the account limit allows');
});

test('a good login gives the address its attempt back, and clears the account', async () => {
  const { h } = harness({ perAccount: 3, perAddress: 3 });
  for (let i = 0; i < 10; i++) assert.equal(await login(h, 'alice@example.com', 'alice-secret'), 212, 'good logins never lock an address');
  assert.equal(await login(h, 'bob@example.com', 'x'), 401);
  assert.equal(await login(h, 'bob@example.com', 'x'), 401);
  assert.equal(await login(h, 'bob@example.com', 'bob-secret'), 212);
});

test('many phones behind one address (a carrier NAT) log in at once without locking each other out', async () => {
  const users = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`user${i}@example.com`, `secret-${i}`]));
  const state = new MemoryStateStore();
  const clock = new Clock();
  const auth: AuthSettings = { ...defaultAuthSettings, limits: { perAccount: 3, perAddress: 5, windowMs: 600_000 } };
  const h = engineHarness(users, { state, accounts: new MemoryAccounts() }, { auth, clock, clientAddress: '100.64.0.1' });
  h.authenticator.delayMs = 20;
  const statuses = await Promise.all(Object.entries(users).map(([user, password]) => login(h, user, password)));
  assert.deepEqual(new Set(statuses), new Set([212]), 'every login checked and accepted');
  assert.equal(h.authenticator.calls, 40);
});
