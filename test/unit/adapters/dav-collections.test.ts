// Choosing the collection for a store kind, and the vCard specifics (UID, suffix).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectCollection } from '../../../adapters/dav/account.ts';
import type { DavCollection } from '../../../adapters/dav/discovery.ts';
import { vcardFormat } from '../../../adapters/carddav/vcard-format.ts';

function collection(name: string, type: DavCollection['type'], components: string[] = [], displayName?: string): DavCollection {
  return { url: `http://h/alice%40example.com/${name}/`, type, name, displayName, components, syncToken: undefined };
}

const collections = [
  collection('a-work', 'addressbook', [], 'Work'),
  collection('contacts', 'addressbook', [], 'Contacts'),
  collection('calendar', 'calendar', ['VEVENT']),
  collection('mixed', 'calendar', ['VEVENT', 'VTODO']),
  collection('tasks', 'calendar', ['VTODO']),
  collection('notes', 'calendar', ['VJOURNAL']),
  collection('journal', 'calendar', ['VJOURNAL']),
  collection('any', 'calendar', []),
];

test('contacts: the address book named contacts by default, others by name or display name in any case', () => {
  assert.equal(selectCollection(collections, 'contacts')?.name, 'contacts');
  assert.equal(selectCollection(collections, 'contacts', 'WORK')?.name, 'a-work');
  assert.equal(selectCollection(collections, 'contacts', 'a-work')?.name, 'a-work');
  assert.equal(selectCollection(collections, 'contacts', 'calendar'), undefined);
  assert.equal(selectCollection(collections, 'contacts', 'nope'), undefined);
});

test('contacts: without one called contacts or addressbook, the first address book', () => {
  const two = [collection('b', 'addressbook'), collection('addressbook', 'addressbook')];
  assert.equal(selectCollection(two, 'contacts')?.name, 'addressbook');
  assert.equal(selectCollection([collection('x', 'addressbook'), collection('y', 'addressbook')], 'contacts')?.name, 'x');
  assert.equal(selectCollection([collection('calendar', 'calendar')], 'contacts'), undefined);
});

test('calendar kinds go by component set and default names', () => {
  assert.equal(selectCollection(collections, 'events')?.name, 'calendar');
  assert.equal(selectCollection(collections, 'tasks')?.name, 'tasks');
  assert.equal(selectCollection(collections, 'notes')?.name, 'notes');
  assert.equal(selectCollection(collections, 'journal')?.name, 'journal');
  assert.equal(selectCollection(collections, 'tasks', 'mixed')?.name, 'mixed');
  assert.equal(selectCollection(collections, 'tasks', 'calendar'), undefined);
  assert.equal(selectCollection(collections, 'tasks', 'any')?.name, 'any');
  assert.equal(selectCollection(collections, 'mail'), undefined);
});

test('vCard UID: found through folding, groups and parameters; added when missing', () => {
  assert.equal(vcardFormat.uidOf('BEGIN:VCARD\r\nVERSION:3.0\r\nUID:abc-\r\n 123\r\nEND:VCARD\r\n'), 'abc-123');
  assert.equal(vcardFormat.uidOf('BEGIN:VCARD\nitem1.UID;VALUE=text:x@y\nEND:VCARD\n'), 'x@y');
  assert.equal(vcardFormat.uidOf('BEGIN:VCARD\r\nFN:UID:not\r\nEND:VCARD\r\n'), undefined);
  assert.equal(
    vcardFormat.withUid?.('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n', 'u-1'),
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nUID:u-1\r\nEND:VCARD\r\n',
  );
});
