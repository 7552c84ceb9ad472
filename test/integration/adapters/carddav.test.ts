// The CardDAV adapter against a real Radicale (the stack's, or SYNCML_TEST_DAV_URL). Item tests
// run in a throwaway address book of alice's, deleted afterwards; alice's own `contacts` is only read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataStore } from '../../../gateway/ports/data-store.ts';
import { createDavAccount, createDavAccountProvider, openAddressBook } from '../../../adapters/carddav/index.ts';
import { DavClient } from '../../../adapters/dav/request.ts';
import { ensureServers, targets, users } from './targets.ts';
import { countingFetch, createAddressBook, deleteCollection, uniqueName, vcard } from './dav-fixtures.ts';
import { assertOneUpdateOneDelete, rejectsWithStoreError } from '../../support/store-assertions.ts';

const testBook = uniqueName('adapter-test');
const testBookDisplay = `Adapter Test ${testBook.slice(-8)}`;
let testBookUrl = '';

async function openTestBook(fetch?: ReturnType<typeof countingFetch>['fetch']): Promise<DataStore> {
  const account = createDavAccount({ davUrl: targets.davUrl, credentials: users.alice, fetch });
  const store = await account.open('contacts', testBook);
  assert.ok(store, `address book ${testBook} not found`);
  return store;
}

before(async () => {
  await ensureServers();
  testBookUrl = await createAddressBook(targets.davUrl, users.alice, testBook, testBookDisplay);
});

after(async () => {
  if (testBookUrl) await deleteCollection(testBookUrl, users.alice);
});

describe('discovery', () => {
  test("finds alice's principal, homes and address books (user name with @)", async () => {
    const account = createDavAccount({ davUrl: targets.davUrl, credentials: users.alice });
    const { homes, collections } = await account.discover();
    assert.match(decodeURIComponent(homes.principalUrl), /\/alice@example\.com\/$/);
    assert.ok(homes.addressBookHome);
    const books = collections.filter((c) => c.type === 'addressbook').map((c) => c.name);
    assert.ok(books.includes('contacts'), books.join());
    assert.ok(books.includes(testBook), books.join());
    const calendars = collections.filter((c) => c.type === 'calendar');
    assert.deepEqual(calendars.find((c) => c.name === 'tasks')?.components, ['VTODO']);
    assert.ok(collections.every((c) => decodeURIComponent(c.url).includes('/alice@example.com/')));
  });

  test('open(contacts) picks the default book; a name matches segment or display name in any case', async () => {
    const account = createDavAccount({ davUrl: targets.davUrl, credentials: users.alice });
    assert.equal((await account.open('contacts'))?.name, 'Contacts');
    assert.equal((await account.open('contacts', testBook.toUpperCase()))?.name, testBookDisplay);
    assert.equal((await account.open('contacts', testBookDisplay.toLowerCase()))?.name, testBookDisplay);
    assert.equal((await account.open('contacts'))?.contentType, 'text/vcard');
    assert.equal(await account.open('contacts', 'no-such-book'), undefined);
    assert.equal(await account.open('contacts', 'calendar'), undefined);
    assert.equal(await account.open('mail'), undefined);
  });

  test('discovery runs once per account instance', async () => {
    const log = countingFetch();
    const account = createDavAccount({ davUrl: targets.davUrl, credentials: users.alice, fetch: log.fetch });
    await account.open('contacts');
    const afterFirst = log.requests.length;
    assert.ok(afterFirst >= 2 && afterFirst <= 4, `discovery took ${afterFirst} requests`);
    await account.open('contacts', testBook);
    await account.open('events');
    assert.equal(log.requests.length, afterFirst);
  });

  test('the provider makes one account per credentials', async () => {
    const provider = createDavAccountProvider({ davUrl: targets.davUrl });
    const store = await provider.account(users.bob).open('contacts');
    assert.ok(store);
    await store.changes(undefined);
  });

  test('a wrong password is StoreError auth', async () => {
    const account = createDavAccount({ davUrl: targets.davUrl, credentials: { user: users.alice.user, password: 'wrong' } });
    await rejectsWithStoreError(account.open('contacts'), 'auth');
  });

  test('a server that does not answer is StoreError unavailable', async () => {
    const account = createDavAccount({ davUrl: 'http://127.0.0.1:1/', credentials: users.alice });
    await rejectsWithStoreError(account.open('contacts'), 'unavailable');
  });
});

describe("alice and bob's collections", () => {
  test("alice's account never lists or opens bob's collections", async () => {
    const alice = createDavAccount({ davUrl: targets.davUrl, credentials: users.alice });
    const { collections } = await alice.discover();
    assert.ok(!collections.some((c) => decodeURIComponent(c.url).includes('bob@')));
    assert.equal(await alice.open('contacts', 'bob@example.com'), undefined);
  });

  test("a store on bob's address book with alice's credentials fails with auth", async () => {
    const bob = createDavAccount({ davUrl: targets.davUrl, credentials: users.bob });
    const bobsBook = (await bob.discover()).collections.find((c) => c.type === 'addressbook' && c.name === 'contacts');
    assert.ok(bobsBook);
    const asAlice = openAddressBook(new DavClient({ credentials: users.alice }), bobsBook);
    await rejectsWithStoreError(asAlice.changes(undefined), 'auth');
    await rejectsWithStoreError(asAlice.changes('http://radicale.org/ns/sync/x'), 'auth');
    await rejectsWithStoreError(asAlice.read(['x.vcf']), 'auth');
    await rejectsWithStoreError(asAlice.create(vcard('intruder', 'Intruder')), 'auth');
    await rejectsWithStoreError(asAlice.remove('x.vcf'), 'auth');
  });
});

describe('items', () => {
  test('create, read (multiget), update, remove', async () => {
    const store = await openTestBook();
    const created = await store.create(vcard('crud-1@example.com', 'Crud One'));
    assert.equal(created.id, 'crud-1@example.com.vcf');
    assert.match(created.etag, /^".+"$/);

    const [read] = await store.read([created.id]);
    assert.equal(read?.id, created.id);
    assert.equal(read?.etag, created.etag);
    assert.match(read?.data ?? '', /^BEGIN:VCARD\r\n/);
    assert.match(read?.data ?? '', /\r\nUID:crud-1@example\.com\r\n/);
    assert.match(read?.data ?? '', /\r\nEND:VCARD\r\n$/);

    const updated = await store.update(created.id, vcard('crud-1@example.com', 'Crud Uno', 'NOTE:changed\r\n'), created.etag);
    assert.equal(updated.id, created.id);
    assert.notEqual(updated.etag, created.etag);
    const [reread] = await store.read([created.id]);
    assert.match(reread?.data ?? '', /FN:Crud Uno/);
    assert.equal(reread?.etag, updated.etag);

    await store.remove(created.id, updated.etag);
    assert.deepEqual(await store.read([created.id]), []);
    await store.remove(created.id);
  });

  test('a vCard without UID gets one; non-ASCII text survives', async () => {
    const store = await openTestBook();
    const created = await store.create('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ærøskøbing ☃\r\nN:Ærøskøbing;Zoë;;;\r\nEND:VCARD\r\n');
    const [item] = await store.read([created.id]);
    const uid = /\r\nUID:([^\r]+)\r\n/.exec(item?.data ?? '')?.[1];
    assert.ok(uid);
    assert.equal(created.id, `${uid}.vcf`);
    assert.match(item?.data ?? '', /FN:Zoë Ærøskøbing ☃/);
    await store.remove(created.id);
  });

  test('changes(token) after one update and one delete: exactly one changed, one deleted', async () => {
    const store = await openTestBook();
    await assertOneUpdateOneDelete(store, vcard);
  });

  test('a garbage or foreign token falls back to a complete listing with a fresh token', async () => {
    const store = await openTestBook();
    const x = await store.create(vcard('fallback-x', 'Fallback X'));
    for (const token of ['garbage', 'http://radicale.org/ns/sync/0000000000000000000000000000000000000000000000000000000000000000']) {
      const result = await store.changes(token);
      assert.equal(result.complete, true);
      assert.deepEqual(result.deleted, []);
      assert.ok(result.changed.some((v) => v.id === x.id && v.etag === x.etag));
      assert.ok(result.token?.startsWith('http'));
      assert.deepEqual((await store.changes(result.token)).changed, []);
    }
    await store.remove(x.id);
  });

  test('update with a stale ifMatch is a conflict; remove with a stale one too', async () => {
    const store = await openTestBook();
    const item = await store.create(vcard('stale-1', 'Stale'));
    const newer = await store.update(item.id, vcard('stale-1', 'Stale 2'));
    await rejectsWithStoreError(store.update(item.id, vcard('stale-1', 'Stale 3'), item.etag), 'conflict');
    await rejectsWithStoreError(store.remove(item.id, item.etag), 'conflict');
    await store.remove(item.id, newer.etag);
    await rejectsWithStoreError(store.update(item.id, vcard('stale-1', 'Stale 4'), newer.etag), 'not-found');
    await store.remove(item.id, newer.etag);
  });

  test('a second item with an existing UID is a conflict', async () => {
    const store = await openTestBook();
    const first = await store.create(vcard('dup-uid', 'Original'));
    await rejectsWithStoreError(store.create(vcard('dup-uid', 'Copy')), 'conflict', /UID/);
    await store.remove(first.id);
  });

  test('reading 250 items takes three multiget REPORTs and no GET', async () => {
    const store = await openTestBook();
    const ids: string[] = [];
    const queue = Array.from({ length: 250 }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          ids.push((await store.create(vcard(`bulk-${i}`, `Bulk ${i}`))).id);
        }
      }),
    );
    const log = countingFetch();
    const counted = await openTestBook(log.fetch);
    log.requests.length = 0;
    const items = await counted.read([...ids, 'missing.vcf']);
    assert.equal(items.length, 250);
    assert.deepEqual(new Set(items.map((i) => i.id)), new Set(ids));
    assert.equal(log.count('REPORT'), 3);
    assert.equal(log.count('GET'), 0);
    assert.equal(log.requests.length, 3);
    // The 250 items go with the test address book in after().
  });
});
