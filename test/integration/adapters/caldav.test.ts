// The CalDAV adapter against a real Radicale (the stack's, or SYNCML_TEST_DAV_URL). Item tests run
// in throwaway calendars of alice's, deleted afterwards; her own collections are only read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataStore } from '../../../gateway/ports/data-store.ts';
import type { StoreKind } from '../../../gateway/ports/backend.ts';
import { createDavAccount, createDavAccountProvider } from '../../../adapters/dav-account-provider.ts';
import { ensureServers, targets, users } from './targets.ts';
import { countingFetch, createCalendar, deleteCollection, icalendar, uniqueName } from './dav-fixtures.ts';
import { assertOneUpdateOneDelete, rejectsWithStoreError } from '../../support/store-assertions.ts';

const kinds = [
  { kind: 'events', component: 'VEVENT' },
  { kind: 'tasks', component: 'VTODO' },
  { kind: 'journal', component: 'VJOURNAL' },
] as const satisfies ReadonlyArray<{ kind: StoreKind; component: string }>;

const calendars = Object.fromEntries(kinds.map(({ kind }) => [kind, { name: uniqueName(`caldav-${kind}`), url: '' }])) as Record<
  (typeof kinds)[number]['kind'],
  { name: string; url: string }
>;

async function openTest(kind: (typeof kinds)[number]['kind'], fetch?: ReturnType<typeof countingFetch>['fetch']): Promise<DataStore> {
  const account = createDavAccount({ davUrl: targets.davUrl, credentials: users.alice, fetch });
  const store = await account.open(kind, calendars[kind].name);
  assert.ok(store, `calendar ${calendars[kind].name} not found`);
  return store;
}

before(async () => {
  await ensureServers();
  for (const { kind, component } of kinds) {
    const calendar = calendars[kind];
    calendar.url = await createCalendar(targets.davUrl, users.alice, calendar.name, `Test ${kind} ${calendar.name.slice(-8)}`, [component]);
  }
});

after(async () => {
  for (const { url } of Object.values(calendars)) if (url) await deleteCollection(url, users.alice);
});

describe('discovery', () => {
  test("finds alice's four calendar collections with their component sets", async () => {
    const account = createDavAccount({ davUrl: targets.davUrl, credentials: users.alice });
    const { homes, collections } = await account.discover();
    assert.ok(homes.calendarHome);
    const byName = new Map(collections.filter((c) => c.type === 'calendar').map((c) => [c.name, c]));
    assert.deepEqual(byName.get('calendar')?.components, ['VEVENT']);
    assert.deepEqual(byName.get('tasks')?.components, ['VTODO']);
    assert.deepEqual(byName.get('notes')?.components, ['VJOURNAL']);
    assert.deepEqual(byName.get('journal')?.components, ['VJOURNAL']);
  });

  test('each kind opens its conventional collection; names go by segment or display name', async () => {
    const account = createDavAccount({ davUrl: targets.davUrl, credentials: users.alice });
    assert.equal((await account.open('events'))?.name, 'Calendar');
    assert.equal((await account.open('tasks'))?.name, 'Tasks');
    assert.equal((await account.open('notes'))?.name, 'Notes');
    assert.equal((await account.open('journal'))?.name, 'Journal');
    assert.equal((await account.open('events'))?.contentType, 'text/calendar');
    assert.equal((await account.open('events', 'CALENDAR'))?.name, 'Calendar');
    assert.equal((await account.open('notes', 'journal'))?.name, 'Journal');
    assert.equal(await account.open('events', 'tasks'), undefined);
    assert.equal(await account.open('tasks', 'contacts'), undefined);
  });

  test('collections() lists kinds and names', async () => {
    const account = createDavAccount({ davUrl: targets.davUrl, credentials: users.alice });
    const listed = await account.collections();
    for (const expected of [
      { kind: 'contacts', name: 'contacts', displayName: 'Contacts' },
      { kind: 'events', name: 'calendar', displayName: 'Calendar' },
      { kind: 'tasks', name: 'tasks', displayName: 'Tasks' },
      { kind: 'notes', name: 'notes', displayName: 'Notes' },
      { kind: 'journal', name: 'journal', displayName: 'Journal' },
      { kind: 'events', name: calendars.events.name },
      { kind: 'tasks', name: calendars.tasks.name },
      { kind: 'journal', name: calendars.journal.name },
    ]) {
      assert.ok(
        listed.some((c) => c.kind === expected.kind && c.name === expected.name && (!expected.displayName || c.displayName === expected.displayName)),
        `${JSON.stringify(expected)} missing from ${JSON.stringify(listed)}`,
      );
    }
    assert.ok(!listed.some((c) => c.kind === 'notes' && c.name === 'journal'));
    for (const entry of listed) assert.ok(await account.open(entry.kind, entry.name), `${entry.kind} ${entry.name} does not open`);
  });

  test('the provider reuses a discovered account for the same credentials', async () => {
    const log = countingFetch();
    const provider = createDavAccountProvider({ davUrl: targets.davUrl, fetch: log.fetch });
    assert.ok(await provider.account(users.alice).open('events'));
    const discovery = log.requests.length;
    assert.ok(discovery >= 2);
    assert.ok(await provider.account({ ...users.alice }).open('contacts'));
    assert.equal(log.requests.length, discovery);
    await rejectsWithStoreError(provider.account({ user: users.alice.user, password: 'wrong' }).open('events'), 'auth');
  });
});

describe('items', () => {
  for (const { kind, component } of kinds) {
    test(`${kind}: create, read (multiget), update, remove`, async () => {
      const store = await openTest(kind);
      const uid = `crud-${kind}@example.com`;
      const created = await store.create(icalendar(component, uid, `Crud ${kind} Zoë ☃`));
      assert.equal(created.id, `${uid}.ics`);
      assert.match(created.etag, /^".+"$/);

      const [read] = await store.read([created.id]);
      assert.equal(read?.etag, created.etag);
      assert.match(read?.data ?? '', /^BEGIN:VCALENDAR\r\n/);
      assert.match(read?.data ?? '', new RegExp(`\\r\\nBEGIN:${component}\\r\\n`));
      assert.match(read?.data ?? '', /\r\nSUMMARY:Crud .* Zoë ☃\r\n/);
      assert.match(read?.data ?? '', /\r\nEND:VCALENDAR\r\n$/);

      const updated = await store.update(created.id, icalendar(component, uid, `Crud ${kind} 2`, 'DESCRIPTION:changed\r\n'), created.etag);
      assert.notEqual(updated.etag, created.etag);
      const [reread] = await store.read([created.id]);
      assert.equal(reread?.etag, updated.etag);
      assert.match(reread?.data ?? '', /DESCRIPTION:changed/);

      await rejectsWithStoreError(store.update(created.id, icalendar(component, uid, 'stale'), created.etag), 'conflict');
      await store.remove(created.id, updated.etag);
      assert.deepEqual(await store.read([created.id]), []);
      await store.remove(created.id);
    });
  }

  test('an item without UID gets one; another component is rejected', async () => {
    const store = await openTest('tasks');
    const created = await store.create(icalendar('VTODO', 'x', 'No UID').replace('UID:x\r\n', ''));
    const [item] = await store.read([created.id]);
    const uid = /\r\nUID:([^\r]+)\r\n/.exec(item?.data ?? '')?.[1];
    assert.equal(created.id, `${uid}.ics`);
    await rejectsWithStoreError(store.create(icalendar('VEVENT', 'wrong-kind', 'Event in tasks')), 'rejected');
    await store.remove(created.id);
  });

  test('changes(token) after one update and one delete: exactly one changed, one deleted', async () => {
    const store = await openTest('events');
    const full = await assertOneUpdateOneDelete(store, (uid, summary) => icalendar('VEVENT', uid, summary));
    assert.ok(full.token?.startsWith('http'));
  });

  test('a second item with an existing UID is StoreError conflict (Radicale 409)', async () => {
    const store = await openTest('events');
    const first = await store.create(icalendar('VEVENT', 'dup-uid', 'Original'));
    await rejectsWithStoreError(store.create(icalendar('VEVENT', 'dup-uid', 'Copy')), 'conflict', /UID/);
    await store.remove(first.id);
  });

  test('reading 250 events takes three calendar-multiget REPORTs and no GET', async () => {
    const store = await openTest('events');
    const ids: string[] = [];
    const queue = Array.from({ length: 250 }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          ids.push((await store.create(icalendar('VEVENT', `bulk-${i}`, `Bulk ${i}`))).id);
        }
      }),
    );
    const log = countingFetch();
    const counted = await openTest('events', log.fetch);
    log.requests.length = 0;
    const items = await counted.read([...ids, 'missing.ics']);
    assert.equal(items.length, 250);
    assert.deepEqual(new Set(items.map((i) => i.id)), new Set(ids));
    assert.equal(log.count('REPORT'), 3);
    assert.equal(log.count('GET'), 0);
    assert.equal(log.requests.length, 3);
    // The 250 events go with the test calendar in after().
  });
});
