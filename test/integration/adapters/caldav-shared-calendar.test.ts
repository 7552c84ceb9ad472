// A calendar that takes events and tasks (Radicale, created for the test): the events store and
// the tasks store each see only their own items, in listings, reads and incremental changes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError } from '../../../gateway/ports/data-store.ts';
import { createDavAccount } from '../../../adapters/dav-account-provider.ts';
import { ensureServers, targets, users } from './targets.ts';
import { countingFetch, createCalendar, deleteCollection, icalendar, uniqueName } from './dav-fixtures.ts';

const name = uniqueName('caldav-mixed');
let url = '';

before(async () => {
  await ensureServers();
  url = await createCalendar(targets.davUrl, users.alice, name, `Mixed ${name.slice(-8)}`, ['VEVENT', 'VTODO']);
});

after(async () => {
  if (url) await deleteCollection(url, users.alice);
});

test('events and tasks stores on one calendar each see only their kind', async () => {
  const log = countingFetch();
  const account = createDavAccount({ davUrl: targets.davUrl, credentials: users.alice, fetch: log.fetch });
  const events = await account.open('events', name);
  const tasks = await account.open('tasks', name);
  assert.ok(events && tasks);
  assert.ok((await account.collections()).filter((c) => c.name === name).map((c) => c.kind).sort().join() === 'events,tasks');

  const event = await events.create(icalendar('VEVENT', 'mixed-event', 'An event'));
  const task = await tasks.create(icalendar('VTODO', 'mixed-task', 'A task'));
  await assert.rejects(events.create(icalendar('VTODO', 'stray', 'Task via events')), (err) => err instanceof StoreError && err.kind === 'rejected');

  log.requests.length = 0;
  const eventList = await events.changes(undefined);
  const taskList = await tasks.changes(undefined);
  assert.deepEqual(eventList.changed, [event]);
  assert.deepEqual(taskList.changed, [task]);
  assert.ok(eventList.token && eventList.complete);
  assert.equal(log.count('REPORT'), 2, 'one calendar-query per listing');

  assert.deepEqual((await events.read([event.id, task.id])).map((i) => i.id), [event.id]);
  assert.deepEqual((await tasks.read([event.id, task.id])).map((i) => i.id), [task.id]);

  // One more task, the event changed: the events store reports the event, and the new task only
  // as "deleted" (an id it never listed, which the engine ignores).
  const second = await tasks.create(icalendar('VTODO', 'mixed-task-2', 'Another task'));
  const changedEvent = await events.update(event.id, icalendar('VEVENT', 'mixed-event', 'An event (moved)'), event.etag);
  const eventDelta = await events.changes(eventList.token);
  assert.deepEqual(eventDelta.changed, [changedEvent]);
  assert.deepEqual(eventDelta.deleted, [second.id]);
  assert.equal(eventDelta.complete, false);
  const taskDelta = await tasks.changes(taskList.token);
  assert.deepEqual(taskDelta.changed, [second]);
  assert.deepEqual(taskDelta.deleted, [event.id]);

  await tasks.remove(task.id, task.etag);
  const afterRemove = await tasks.changes(taskDelta.token);
  assert.deepEqual([afterRemove.changed, afterRemove.deleted], [[], [task.id]]);
});
