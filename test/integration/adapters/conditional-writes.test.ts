// Conditional writes against a real Radicale: someone else changes an item between our change
// listing and our write; our PUT or DELETE with the listed etag (If-Match) then gets 412, which the
// adapter reports as StoreError 'conflict', and the other change stays. Runs in a throwaway
// address book of frank's, deleted afterwards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataStore } from '../../../gateway/ports/data-store.ts';
import { createDavAccount } from '../../../adapters/carddav/index.ts';
import type { FetchFunction } from '../../../adapters/dav/request.ts';
import { accounts } from '../../support/stack.ts';
import { rejectsWithStoreError } from '../../support/store-assertions.ts';
import { ensureServers, targets } from './targets.ts';
import { createAddressBook, deleteCollection, uniqueName, vcard } from './dav-fixtures.ts';

const frank = accounts.frank;
const book = uniqueName('conditional-writes');
let bookUrl = '';

/** Frank's throwaway book, opened by a gateway session (recording PUT/DELETE answers) or by "someone else". */
async function open(answers?: Array<{ method: string; ifMatch: string | undefined; status: number }>): Promise<DataStore> {
  const fetch: FetchFunction | undefined =
    answers === undefined
      ? undefined
      : async (url, init) => {
          const response = await globalThis.fetch(url, init);
          const headers = init.headers as Record<string, string>;
          if (init.method === 'PUT' || init.method === 'DELETE') answers.push({ method: init.method, ifMatch: headers['If-Match'], status: response.status });
          return response;
        };
  const store = await createDavAccount({ davUrl: targets.davUrl, credentials: frank, ...(fetch === undefined ? {} : { fetch }) }).open('contacts', book);
  assert.ok(store, `address book ${book} not found`);
  return store;
}

before(async () => {
  await ensureServers();
  bookUrl = await createAddressBook(targets.davUrl, frank, book, 'Conditional Writes');
});

after(async () => {
  if (bookUrl) await deleteCollection(bookUrl, frank);
});

test('a PUT with the etag from the listing, after someone else changed the item, is a conflict (412)', async () => {
  const answers: Array<{ method: string; ifMatch: string | undefined; status: number }> = [];
  const ours = await open(answers);
  const theirs = await open();
  const created = await ours.create(vcard('lost-put', 'Frank Put'));
  const listed = (await ours.changes(undefined)).changed.find((v) => v.id === created.id)!;
  const other = await theirs.update(created.id, vcard('lost-put', 'Frank Put (other)'), listed.etag);
  await rejectsWithStoreError(ours.update(created.id, vcard('lost-put', 'Frank Put (ours)'), listed.etag), 'conflict', /412/);
  assert.deepEqual(answers.at(-1), { method: 'PUT', ifMatch: listed.etag, status: 412 });
  const [stored] = await ours.read([created.id]);
  assert.equal(stored?.etag, other.etag);
  assert.match(stored!.data, /FN:Frank Put \(other\)/, 'the other change is not overwritten');
  // With the fresh etag the write goes through.
  await ours.update(created.id, vcard('lost-put', 'Frank Put (ours)'), stored!.etag);
  await ours.remove(created.id);
});

test('a DELETE with the etag from the listing, after someone else changed the item, is a conflict (412)', async () => {
  const answers: Array<{ method: string; ifMatch: string | undefined; status: number }> = [];
  const ours = await open(answers);
  const theirs = await open();
  const created = await ours.create(vcard('lost-delete', 'Frank Delete'));
  const listed = (await ours.changes(undefined)).changed.find((v) => v.id === created.id)!;
  await theirs.update(created.id, vcard('lost-delete', 'Frank Delete (other)'), listed.etag);
  await rejectsWithStoreError(ours.remove(created.id, listed.etag), 'conflict', /412/);
  assert.deepEqual(answers.at(-1), { method: 'DELETE', ifMatch: listed.etag, status: 412 });
  const [stored] = await ours.read([created.id]);
  assert.match(stored?.data ?? '', /FN:Frank Delete \(other\)/, 'the changed item is not deleted');
  await ours.remove(created.id, stored!.etag);
  assert.deepEqual(await ours.read([created.id]), []);
});
