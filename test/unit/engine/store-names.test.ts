// Store names as clients spell them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveStore } from '../../../gateway/engine/store-names.ts';

test('client spellings of the contacts store', () => {
  for (const uri of ['Contacts', 'contacts', './contacts', './Contacts', '/contacts', 'card', 'CARD', 'addressbook', 'AddressBook', 'scard']) {
    assert.equal(resolveStore(uri)?.kind, 'contacts', uri);
  }
});

test('other kinds, collections and store parameters', () => {
  assert.equal(resolveStore('Calendar')?.kind, 'events');
  assert.equal(resolveStore('./tasks')?.kind, 'tasks');
  assert.equal(resolveStore('memo')?.kind, 'notes');
  assert.deepEqual(resolveStore('contacts/Work'), { kind: 'contacts', collection: 'Work', params: {} });
  assert.deepEqual(resolveStore('Contacts?sync=2,&Format=sif'), { kind: 'contacts', params: { sync: '2', format: 'sif' } });
  assert.deepEqual(resolveStore('Contacts?sync=2#format=vob')?.params, { sync: '2', format: 'vob' });
});

test('unknown names resolve to nothing', () => {
  for (const uri of ['', './', 'foo', 'contactsx', '../contacts-of-bob', 'http://gw.example/syncml/contacts', 'http://127.0.0.1:15232/bob%40example.com/contacts/']) {
    assert.equal(resolveStore(uri), undefined, uri);
  }
});
