// Which calendar serves events, tasks, notes and journal, and what Account.collections() lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectCollection, storeCollections } from '../../../adapters/dav/collection-choice.ts';
import type { DavCollection } from '../../../adapters/dav/discovery.ts';

function calendar(name: string, components: string[] = [], displayName?: string): DavCollection {
  return { url: `http://h/alice%40example.com/${name}/`, type: 'calendar', name, displayName, components, syncToken: undefined };
}

function book(name: string, displayName?: string): DavCollection {
  return { url: `http://h/alice%40example.com/${name}/`, type: 'addressbook', name, displayName, components: [], syncToken: undefined };
}

/** Radicale's collections of a stack user, in URL order. */
const radicale = [
  calendar('calendar', ['VEVENT'], 'Calendar'),
  book('contacts', 'Contacts'),
  calendar('journal', ['VJOURNAL'], 'Journal'),
  calendar('notes', ['VJOURNAL'], 'Notes'),
  calendar('tasks', ['VTODO'], 'Tasks'),
];

test('the stack layout: each kind gets its conventional collection', () => {
  assert.equal(selectCollection(radicale, 'events')?.name, 'calendar');
  assert.equal(selectCollection(radicale, 'tasks')?.name, 'tasks');
  assert.equal(selectCollection(radicale, 'notes')?.name, 'notes');
  assert.equal(selectCollection(radicale, 'journal')?.name, 'journal');
  assert.equal(selectCollection(radicale, 'contacts')?.name, 'contacts');
});

test('a given name wins: last segment or display name, any case, only among fitting collections', () => {
  const collections = [...radicale, calendar('work', ['VEVENT', 'VTODO'], 'Büro')];
  assert.equal(selectCollection(collections, 'events', 'WORK')?.name, 'work');
  assert.equal(selectCollection(collections, 'tasks', 'büro')?.name, 'work');
  assert.equal(selectCollection(collections, 'events', 'Calendar')?.name, 'calendar');
  assert.equal(selectCollection(collections, 'events', 'tasks'), undefined);
  assert.equal(selectCollection(collections, 'notes', 'journal')?.name, 'journal');
  assert.equal(selectCollection(collections, 'events', 'nope'), undefined);
});

test('a segment match beats another collection with that display name', () => {
  const collections = [calendar('a', ['VEVENT'], 'Home'), calendar('home', ['VEVENT'], 'Other')];
  assert.equal(selectCollection(collections, 'events', 'home')?.name, 'home');
  assert.equal(selectCollection(collections, 'events', 'other')?.name, 'home');
});

test('events: calendar, then events (segment or display name), then the first VEVENT calendar', () => {
  assert.equal(selectCollection([calendar('b', ['VEVENT']), calendar('x', ['VEVENT'], 'Events')], 'events')?.name, 'x');
  assert.equal(selectCollection([calendar('a', ['VTODO']), calendar('b', ['VEVENT']), calendar('c', ['VEVENT'])], 'events')?.name, 'b');
  // One that declares VEVENT before one that declares nothing.
  assert.equal(selectCollection([calendar('a'), calendar('b', ['VEVENT', 'VTODO'])], 'events')?.name, 'b');
  assert.equal(selectCollection([calendar('a'), calendar('b', ['VTODO'])], 'events')?.name, 'a');
  assert.equal(selectCollection([calendar('a', ['VTODO'])], 'events'), undefined);
});

test('tasks: tasks, todo, todos, then the first VTODO calendar', () => {
  assert.equal(selectCollection([calendar('a', ['VTODO']), calendar('todo', ['VTODO'])], 'tasks')?.name, 'todo');
  assert.equal(selectCollection([calendar('calendar', ['VEVENT']), calendar('z', ['VTODO'])], 'tasks')?.name, 'z');
  assert.equal(selectCollection([calendar('calendar', ['VEVENT', 'VTODO'])], 'tasks')?.name, 'calendar');
});

test('notes: only a VJOURNAL collection called notes', () => {
  assert.equal(selectCollection([calendar('n1', ['VJOURNAL'], 'Notes')], 'notes')?.name, 'n1');
  assert.equal(selectCollection([calendar('journal', ['VJOURNAL']), calendar('diary', ['VJOURNAL'])], 'notes'), undefined);
  assert.equal(selectCollection([calendar('notes', ['VEVENT'])], 'notes'), undefined);
  assert.equal(selectCollection([calendar('calendar')], 'notes'), undefined);
});

test('journal: journal, else the first VJOURNAL collection that is not the notes one', () => {
  assert.equal(selectCollection([calendar('a-notes', ['VJOURNAL'], 'Notes'), calendar('diary', ['VJOURNAL'])], 'journal')?.name, 'diary');
  assert.equal(selectCollection([calendar('diary', ['VJOURNAL']), calendar('notes', ['VJOURNAL'])], 'journal')?.name, 'diary');
  assert.equal(selectCollection([calendar('notes', ['VJOURNAL'])], 'journal'), undefined);
  assert.equal(selectCollection([calendar('notes', ['VJOURNAL'])], 'journal', 'notes')?.name, 'notes');
});

test('storeCollections lists each collection under every kind it serves', () => {
  const collections = [...radicale, calendar('mixed', ['VEVENT', 'VTODO'], 'Mixed'), calendar('any'), calendar('diary', ['VJOURNAL'])];
  assert.deepEqual(storeCollections(collections), [
    { kind: 'events', name: 'calendar', displayName: 'Calendar', default: true },
    { kind: 'contacts', name: 'contacts', displayName: 'Contacts', default: true },
    { kind: 'journal', name: 'journal', displayName: 'Journal', default: true },
    { kind: 'notes', name: 'notes', displayName: 'Notes', default: true },
    { kind: 'tasks', name: 'tasks', displayName: 'Tasks', default: true },
    { kind: 'events', name: 'mixed', displayName: 'Mixed' },
    { kind: 'tasks', name: 'mixed', displayName: 'Mixed' },
    { kind: 'events', name: 'any' },
    { kind: 'tasks', name: 'any' },
    { kind: 'journal', name: 'any' },
    { kind: 'journal', name: 'diary' },
  ]);
  // One default per kind: the collection the kind opens without a name.
  for (const entry of storeCollections(collections).filter((e) => e.default === true)) {
    assert.equal(selectCollection(collections, entry.kind)?.name, entry.name, `default ${entry.kind}`);
  }
  // Every entry opens by its kind and name.
  for (const entry of storeCollections(collections)) {
    assert.equal(selectCollection(collections, entry.kind, entry.name)?.name, entry.name, `${entry.kind} ${entry.name}`);
  }
});
