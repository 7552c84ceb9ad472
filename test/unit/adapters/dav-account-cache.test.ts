// The DAV account provider's cache: discovery once per user and password for a while, bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDavAccountProvider, type AccountCacheOptions } from '../../../adapters/dav-account-provider.ts';
import { ExpiringCache } from '../../../adapters/dav/expiring-cache.ts';
import { multistatus, scriptedFetch } from './fake-dav.ts';

/** A server where every user has one address book; answers discovery in two PROPFINDs. */
function server() {
  return scriptedFetch(({ url, headers }) => {
    const user = Buffer.from((headers.authorization ?? '').replace('Basic ', ''), 'base64').toString().split(':')[0] ?? '';
    const home = `/${encodeURIComponent(user)}/`;
    if (new URL(url).pathname === '/') {
      return multistatus(
        `<response><href>/</href><propstat><prop><current-user-principal><href>${home}</href></current-user-principal>` +
          `<CR:addressbook-home-set><href>${home}</href></CR:addressbook-home-set></prop><status>HTTP/1.1 200 OK</status></propstat></response>`,
      );
    }
    return multistatus(
      `<response><href>${home}contacts/</href><propstat><prop><resourcetype><collection/><CR:addressbook/></resourcetype>` +
        `<displayname>Contacts</displayname></prop><status>HTTP/1.1 200 OK</status></propstat></response>`,
    );
  });
}

function provider(accountCache?: AccountCacheOptions | false) {
  const { fetch, requests } = server();
  return { accounts: createDavAccountProvider({ davUrl: 'http://dav.test/', fetch, accountCache }), requests };
}

const alice = { user: 'alice@example.com', password: 'alice-secret' };

test('the second account(sameCredentials).open(contacts) makes no discovery request', async () => {
  const { accounts, requests } = provider();
  assert.ok(await accounts.account(alice).open('contacts'));
  assert.equal(requests.length, 2);
  assert.ok(await accounts.account({ ...alice }).open('contacts'));
  assert.equal(requests.length, 2);
  assert.equal(accounts.account(alice), accounts.account({ user: alice.user, password: alice.password }));
});

test('another password or another user never reuses an account', async () => {
  const { accounts, requests } = provider();
  await accounts.account(alice).open('contacts');
  const wrong = accounts.account({ user: alice.user, password: 'wrong' });
  assert.notEqual(wrong, accounts.account(alice));
  await wrong.open('contacts');
  assert.equal(requests.length, 4);
  assert.match(requests[2]!.headers.authorization ?? '', new RegExp(Buffer.from(`${alice.user}:wrong`).toString('base64')));
  await accounts.account({ user: 'bob@example.com', password: 'alice-secret' }).open('contacts');
  assert.equal(requests.length, 6);
  // A user name that ends where another's password begins is still another key.
  assert.notEqual(accounts.account({ user: 'a', password: 'bc' }), accounts.account({ user: 'ab', password: 'c' }));
});

test('accounts expire after ttlMs', async () => {
  let now = 1_000_000;
  const { accounts, requests } = provider({ now: () => now });
  await accounts.account(alice).open('contacts');
  now += 5 * 60_000 - 1;
  await accounts.account(alice).open('contacts');
  assert.equal(requests.length, 2);
  now += 1;
  await accounts.account(alice).open('contacts');
  assert.equal(requests.length, 4);
});

test('at most maxAccounts are kept, the least recently used dropped first', async () => {
  const { accounts } = provider({ maxAccounts: 2 });
  const users = ['a', 'b', 'c'].map((name) => ({ user: `${name}@example.com`, password: 'pw' }));
  const a = accounts.account(users[0]!);
  const b = accounts.account(users[1]!);
  assert.equal(accounts.account(users[0]!), a);
  const c = accounts.account(users[2]!);
  assert.equal(accounts.account(users[0]!), a);
  assert.equal(accounts.account(users[2]!), c);
  assert.notEqual(accounts.account(users[1]!), b);
});

test('accountCache: false makes a fresh account, and a fresh discovery, per call', async () => {
  const { accounts, requests } = provider(false);
  await accounts.account(alice).open('contacts');
  await accounts.account(alice).open('contacts');
  assert.equal(requests.length, 4);
  assert.notEqual(accounts.account(alice), accounts.account(alice));
});

test('ExpiringCache: a hit refreshes recency, not the expiry time', () => {
  let now = 0;
  const cache = new ExpiringCache<string, number>({ ttlMs: 10, maxEntries: 2, now: () => now });
  cache.set('x', 1);
  now = 9;
  assert.equal(cache.get('x'), 1);
  now = 10;
  assert.equal(cache.get('x'), undefined);
  assert.equal(cache.size, 0);
  cache.set('y', 2);
  cache.set('y', 3);
  assert.equal(cache.size, 1);
  assert.equal(cache.get('y'), 3);
});
