// Nokia-style combined agenda with a real client: SyncEvolution's virtual datastore keeps events
// and tasks in one SyncML database (vCalendar 1.0 on the wire, as Nokia phones send it). Against
// Radicale the gateway must put each VEVENT in the events collection and each VTODO in the tasks
// collection, send the changes of both collections into the one store, and follow deletes and
// edits made on either side. Account erin.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, ensureStack } from '../support/stack.ts';
import { emptyCollection, getItem, listItems, putICalendar, deleteItem } from '../support/dav.ts';
import { DeviceSet, type SyncEvolutionDevice } from '../support/syncevolution.ts';
import { startTestGateway } from '../support/gateway.ts';
import { ok, assertSynced } from '../support/sync-assertions.ts';
import type { RunningGateway } from '../../gateway/server.ts';

const erin = accounts.erin;
const run = Date.now().toString(36);

const vcal = (component: 'VEVENT' | 'VTODO', uid: string, summary: string, extra: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:${component}\r\nUID:${uid}\r\nSUMMARY:${summary}\r\n${extra}END:${component}\r\nEND:VCALENDAR\r\n`;
const ical = (component: 'VEVENT' | 'VTODO', uid: string, summary: string, extra: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//gateway tests//EN\r\nBEGIN:${component}\r\nUID:${uid}\r\nDTSTAMP:20261126T100000Z\r\nSUMMARY:${summary}\r\n${extra}END:${component}\r\nEND:VCALENDAR\r\n`;

/** Summaries of the items in one of erin's collections. */
async function summaries(collection: string): Promise<string[]> {
  const items = await listItems(erin, collection);
  const texts = await Promise.all(items.map(async (i) => (await getItem(erin, collection, i.name))?.data ?? ''));
  // iCalendar escapes commas in text values.
  return texts.map((t) => (/^SUMMARY:(.*)$/m.exec(t)?.[1]?.trim() ?? '').replace(/\\([,;\\])/g, '$1')).sort();
}

/** Summaries of the items SyncEvolution holds in one part of the agenda. */
async function local(device: SyncEvolutionDevice, store: 'calendar' | 'tasks'): Promise<string[]> {
  const names = await device.listItems(store);
  const texts = await Promise.all(names.map((n) => device.readItem(store, n)));
  return texts.map((t) => /^SUMMARY:(.*)$/m.exec(t)?.[1]?.trim() ?? '').sort();
}

/** The phone's file holding the item with this summary. */
async function findLocal(device: SyncEvolutionDevice, store: 'calendar' | 'tasks', summary: string): Promise<{ name: string; text: string }> {
  for (const name of await device.listItems(store)) {
    const text = await device.readItem(store, name);
    if (new RegExp(`^SUMMARY:${summary}\\r?$`, 'm').test(text)) return { name, text };
  }
  throw new Error(`${summary} not in the phone's ${store}`);
}

describe('combined events + tasks store with SyncEvolution (virtual datastore)', { timeout: 600_000 }, () => {
  let gateway: RunningGateway;
  const devices = new DeviceSet();
  const agenda = (id: string) =>
    devices.add({
      syncURL: gateway.url,
      ...erin,
      deviceId: `it-agenda-${id}-${run}`,
      stores: [
        { name: 'calendar', databaseFormat: 'text/x-vcalendar', uri: 'Calendar' },
        { name: 'tasks', databaseFormat: 'text/x-vcalendar', uri: 'Tasks' },
        { name: 'agenda', databaseFormat: 'text/x-vcalendar', uri: 'Calendar', combines: ['calendar', 'tasks'] },
      ],
    });

  before(async () => {
    await ensureStack();
    await emptyCollection(erin, 'calendar');
    await emptyCollection(erin, 'tasks');
    gateway = await startTestGateway({ state: mkdtempSync(join(tmpdir(), 'syncml-agenda-')) });
  });
  after(async () => {
    await gateway?.close();
    await devices.cleanup();
  });

  test('events and tasks of one store land in their own collections, and both come back to it', async () => {
    const phone = await agenda('a');
    await phone.writeItem('calendar', 'meeting.vcs', vcal('VEVENT', `meet-${run}`, 'Phone meeting', 'DTSTART:20261201T100000Z\r\nDTEND:20261201T110000Z\r\n'));
    await phone.writeItem('tasks', 'buy.vcs', vcal('VTODO', `buy-${run}`, 'Phone task', 'DUE:20261203T170000Z\r\nSTATUS:NEEDS ACTION\r\n'));
    const first = await phone.sync('slow');
    assertSynced(first, 'slow', 'calendar');
    assertSynced(first, 'slow', 'tasks');
    assert.deepEqual(await summaries('calendar'), ['Phone meeting'], 'the event went to the events collection only');
    assert.deepEqual(await summaries('tasks'), ['Phone task'], 'the task went to the tasks collection only');

    // Changes on the server, one in each collection, reach the one store.
    await putICalendar(erin, 'calendar', `server-event-${run}.ics`, ical('VEVENT', `server-event-${run}`, 'Server event', 'DTSTART:20261205T090000Z\r\nDTEND:20261205T100000Z\r\n'));
    await putICalendar(erin, 'tasks', `server-task-${run}.ics`, ical('VTODO', `server-task-${run}`, 'Server task', 'DUE:20261206T170000Z\r\n'));
    ok(await phone.sync('two-way'));
    assert.deepEqual(await local(phone, 'calendar'), ['Phone meeting', 'Server event']);
    assert.deepEqual(await local(phone, 'tasks'), ['Phone task', 'Server task']);

    // A second phone with the same kind of store gets everything from both collections.
    const second = await agenda('b');
    ok(await second.sync('slow'));
    assert.deepEqual(await local(second, 'calendar'), ['Phone meeting', 'Server event']);
    assert.deepEqual(await local(second, 'tasks'), ['Phone task', 'Server task']);
  });

  test('edits and deletes on either side follow the item to its collection', async () => {
    const phone = devices.all[0]!;
    const task = await findLocal(phone, 'tasks', 'Phone task');
    await phone.writeItem('tasks', task.name, task.text.replace('SUMMARY:Phone task', 'SUMMARY:Phone task, renamed'));
    await phone.deleteItem('calendar', (await findLocal(phone, 'calendar', 'Server event')).name);
    ok(await phone.sync('two-way'));
    assert.deepEqual(await summaries('tasks'), ['Phone task, renamed', 'Server task'], 'the renamed task stays in the tasks collection');
    assert.deepEqual(await summaries('calendar'), ['Phone meeting'], 'the deleted event is gone from the events collection');

    // Deleted on the server: the task leaves the phone's store.
    assert.ok((await deleteItem(erin, 'tasks', `server-task-${run}.ics`)).ok);
    ok(await phone.sync('two-way'));
    assert.deepEqual(await local(phone, 'tasks'), ['Phone task, renamed']);
    assert.deepEqual(await local(phone, 'calendar'), ['Phone meeting']);
  });
});
