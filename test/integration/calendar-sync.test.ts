// Events, tasks and notes with SyncEvolution, over iCalendar 2.0 and vCalendar 1.0 on the
// wire, checked in Radicale: a weekly event with an exception and an alarm, an all-day
// event, a task with due date and completion, a note with non-ASCII text; and back.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, ensureStack } from '../support/stack.ts';
import { emptyCollection, getItem, listItems, putICalendar } from '../support/dav.ts';
import { DeviceSet, type StoreConfig, type SyncResult } from '../support/syncevolution.ts';
import { startTestGateway } from '../support/gateway.ts';
import { ok } from '../support/sync-assertions.ts';
import type { RunningGateway } from '../../gateway/server.ts';

const account = accounts.alice;
const run = Date.now().toString(36);

const weekly = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
  'BEGIN:VEVENT', 'UID:weekly-RUN', 'DTSTAMP:20261120T080000Z', 'SUMMARY:Team meeting', 'LOCATION:Room 4',
  'DTSTART:20261202T090000Z', 'DTEND:20261202T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=10', 'EXDATE:20261216T090000Z',
  'BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:Team meeting', 'TRIGGER;VALUE=DURATION:-PT15M', 'END:VALARM',
  'END:VEVENT', 'END:VCALENDAR', '',
].join('\r\n');
const allDay = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
  'BEGIN:VEVENT', 'UID:allday-RUN', 'DTSTAMP:20261120T080000Z', 'SUMMARY:Holiday', 'DTSTART;VALUE=DATE:20261224', 'DTEND;VALUE=DATE:20261225',
  'END:VEVENT', 'END:VCALENDAR', '',
].join('\r\n');
const task = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
  'BEGIN:VTODO', 'UID:task-RUN', 'DTSTAMP:20261120T080000Z', 'SUMMARY:File the report', 'DUE:20261205T170000Z',
  'STATUS:COMPLETED', 'COMPLETED:20261204T120000Z', 'PERCENT-COMPLETE:100', 'PRIORITY:1',
  'END:VTODO', 'END:VCALENDAR', '',
].join('\r\n');
const note = 'Einkaufsliste für Grüße\nÄpfel, Öl, Süßigkeiten – €5\n';


async function serverTexts(collection: string): Promise<string[]> {
  const items = await listItems(account, collection);
  const texts = await Promise.all(items.map(async (i) => (await getItem(account, collection, i.name))?.data ?? ''));
  return texts.map((t) => t.replace(/\r\n[ \t]/g, ''));
}

for (const wire of ['text/calendar', 'text/x-vcalendar'] as const) {
  describe(`events, tasks and notes over ${wire === 'text/calendar' ? 'iCalendar 2.0' : 'vCalendar 1.0'}`, { timeout: 600_000 }, () => {
    let gateway: RunningGateway;
    const devices = new DeviceSet();
    const stores = (): StoreConfig[] => [
      { name: 'calendar', databaseFormat: 'text/calendar', uri: 'Calendar', syncFormat: wire, forceSyncFormat: true },
      { name: 'tasks', databaseFormat: 'text/calendar', uri: 'Tasks', syncFormat: wire, forceSyncFormat: true },
      { name: 'notes', databaseFormat: 'text/plain', uri: 'Notes' },
    ];
    const device = (id: string) =>
      devices.add({ syncURL: gateway.url, ...account, deviceId: `it-cal-${id}-${wire.length}-${run}`, stores: stores() });
    const tag = `${wire.length}-${run}`;

    before(async () => {
      await ensureStack();
      for (const c of ['calendar', 'tasks', 'notes']) await emptyCollection(account, c);
      gateway = await startTestGateway({ state: mkdtempSync(join(tmpdir(), 'syncml-cal-')) });
    });
    after(async () => {
      await gateway?.close();
      await devices.cleanup();
    });

    test('items from the device arrive in Radicale with what a user sees', async () => {
      const d = await device('a');
      await d.writeItem('calendar', 'weekly.ics', weekly.replace('RUN', tag));
      await d.writeItem('calendar', 'allday.ics', allDay.replace('RUN', tag));
      await d.writeItem('tasks', 'task.ics', task.replace('RUN', tag));
      await d.writeItem('notes', 'note.txt', note);
      const result = ok(await d.sync('two-way'));
      for (const s of ['calendar', 'tasks', 'notes']) assert.equal(result.stats[s]?.remote.added, s === 'calendar' ? 2 : 1, s);

      const events = await serverTexts('calendar');
      assert.equal(events.length, 2);
      const meeting = events.find((e) => e.includes('SUMMARY:Team meeting'));
      assert.ok(meeting, events.join('\n---\n'));
      assert.match(meeting, /RRULE:FREQ=WEEKLY[^\r\n]*(COUNT=10|UNTIL=)/);
      assert.match(meeting, /EXDATE[^:\r\n]*:[^\r\n]*20261216/);
      assert.match(meeting, /BEGIN:VALARM[\s\S]*TRIGGER[^:\r\n]*:-PT15M[\s\S]*END:VALARM/);
      assert.match(meeting, /LOCATION:Room 4/);
      const holiday = events.find((e) => e.includes('SUMMARY:Holiday'));
      assert.ok(holiday);
      assert.match(holiday, /DTSTART;VALUE=DATE:20261224/);

      const [todo] = await serverTexts('tasks');
      assert.match(todo ?? '', /SUMMARY:File the report/);
      assert.match(todo ?? '', /DUE[^:\r\n]*:20261205T170000Z/);
      assert.match(todo ?? '', /STATUS:COMPLETED/);
      assert.match(todo ?? '', /COMPLETED:20261204T120000Z/);

      const [journal] = await serverTexts('notes');
      assert.match(journal ?? '', /BEGIN:VJOURNAL/);
      assert.ok((journal ?? '').includes('Äpfel, Öl, Süßigkeiten – €5') || (journal ?? '').includes('Äpfel\\, Öl\\, Süßigkeiten – €5'), journal);
    });

    test('a change in Radicale and a new device get the items back', async () => {
      const [first] = await listItems(account, 'calendar');
      const current = await getItem(account, 'calendar', first!.name);
      const meetingName = (await serverTexts('calendar')).some((t) => t.includes('Team meeting'));
      assert.ok(meetingName);
      await putICalendar(account, 'calendar', 'server-added.ics', allDay.replace('RUN', `server-${tag}`).replace('Holiday', 'Server party').replace(/20261224/, '20261231').replace(/20261225/, '20270101'));
      void current;
      const a = devices.all[0]!;
      const back = ok(await a.sync('two-way'));
      assert.equal(back.stats.calendar?.local.added, 1);
      const files = await a.listItems('calendar');
      const texts = await Promise.all(files.map((f) => a.readItem('calendar', f)));
      assert.ok(texts.some((t) => t.includes('Server party')));

      const b = await device('b');
      const fresh = ok(await b.sync('two-way'));
      assert.equal(fresh.stats.calendar?.local.added, 3);
      assert.equal(fresh.stats.tasks?.local.added, 1);
      assert.equal(fresh.stats.notes?.local.added, 1);
      const bEvents = await Promise.all((await b.listItems('calendar')).map((f) => b.readItem('calendar', f)));
      const meeting = bEvents.find((t) => t.includes('Team meeting')) ?? '';
      assert.match(meeting, /RRULE/);
      assert.match(meeting, /EXDATE/);
      assert.match(meeting, /VALARM|AALARM|DALARM/);
      const bNotes = await Promise.all((await b.listItems('notes')).map((f) => b.readItem('notes', f)));
      assert.ok(bNotes.some((t) => t.includes('Äpfel, Öl, Süßigkeiten – €5')), bNotes.join('\n'));
      const bTasks = await Promise.all((await b.listItems('tasks')).map((f) => b.readItem('tasks', f)));
      assert.ok(bTasks.some((t) => t.includes('File the report') && /COMPLETED/.test(t)));
    });
  });
}
