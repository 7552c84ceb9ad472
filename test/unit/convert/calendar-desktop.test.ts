// iCalendar 2.0 items as desktop and web calendars write them (Thunderbird/Lightning, Outlook, Google, Apple,
// Evolution, Funambol): server copy, back to the client, and through a vCalendar 1.0 phone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeCalendar, toClientCalendar, toServerCalendar } from '../../../gateway/convert/vcalendar/index.ts';
import { assertValidServerCalendar, assertViewIncludes, deterministic, fixture, userView, type ItemView } from './calendar-support.ts';

interface DesktopItem {
  file: string;
  /** What the user sees, item by item (overrides after the master); checked besides the client's own view. */
  expected: Partial<ItemView>[];
  /** ical.js cannot read the original as it stands, so only `expected` says what it means. */
  unreadable?: boolean;
}

const items: DesktopItem[] = [
  {
    file: 'thunderbird-weekly-exception-alarm.ics',
    expected: [
      {
        summary: 'Jour fixe',
        start: '2026-09-08T08:00:00Z',
        description: 'Wöchentliche Abstimmung.\nProtokoll im Wiki.',
        alarms: ['DISPLAY -600'],
        endless: false,
        x: ['X-MOZ-GENERATION:3'],
      },
      { recurrenceId: '2026-09-22T08:00:00Z', summary: 'Jour fixe (verschoben)', start: '2026-09-23T12:00:00Z', location: 'Konferenzraum Süd' },
    ],
  },
  {
    file: 'thunderbird-task-in-process.ics',
    expected: [
      { kind: 'VTODO', status: 'IN-PROCESS', percent: 40, priority: 1, start: '2026-10-05T07:00:00Z', due: '2026-10-09T15:00:00Z', categories: ['Business', 'Ideas'] },
    ],
  },
  {
    file: 'outlook-meeting-request.ics',
    expected: [
      {
        summary: 'Budget 2027',
        start: '2026-10-21T12:30:00Z',
        end: '2026-10-21T13:30:00Z',
        priority: 5,
        organizer: 'anna.schmidt@example.com Anna Schmidt',
        attendees: ['ben@example.com Ben Meyer | REQ-PARTICIPANT | NEEDS-ACTION | RSVP TRUE', 'carla@example.org carla@example.org | OPT-PARTICIPANT | NEEDS-ACTION | RSVP TRUE'],
        alarms: ['DISPLAY -900'],
      },
    ],
  },
  { file: 'outlook-all-day.ics', expected: [{ summary: 'Urlaub', allDay: true, start: '2026-11-02', end: '2026-11-06', class: 'PRIVATE', busy: false, alarms: ['DISPLAY -64800'] }] },
  {
    file: 'outlook-monthly-last-weekday.ics',
    expected: [
      {
        summary: 'Month-end closing',
        occurrences: ['2026-01-30T15:00:00Z', '2026-02-27T15:00:00Z', '2026-03-31T14:00:00Z', '2026-04-30T14:00:00Z', '2026-05-29T14:00:00Z', '2026-06-30T14:00:00Z'],
        endless: false,
      },
    ],
  },
  {
    file: 'google-weekly-attendees.ics',
    expected: [{ summary: 'Platform standup', start: '2026-09-15T13:30:00Z', status: 'CONFIRMED', alarms: ['DISPLAY -600', 'EMAIL -3600'], endless: false }],
  },
  { file: 'google-yearly-birthday.ics', expected: [{ summary: "Mum's birthday", allDay: true, start: '2026-03-14', endless: true, busy: false }] },
  {
    file: 'apple-calendar-event.ics',
    expected: [
      {
        summary: 'Concert',
        location: 'Royal Albert Hall\nKensington Gore, London SW7 2AP',
        url: 'https://www.example.org/concert',
        start: '2026-11-07T19:30:00Z',
        alarms: ['AUDIO -7200'],
      },
    ],
  },
  { file: 'apple-reminders-task.ics', expected: [{ kind: 'VTODO', status: 'COMPLETED', completed: '2026-11-03T19:05:12Z', due: '2026-11-03', percent: 100, priority: 9 }] },
  {
    file: 'client-missing-vtimezone.ics',
    unreadable: true,
    expected: [
      {
        summary: 'Kick-off',
        start: '2026-11-06T08:30:00Z',
        end: '2026-11-06T09:30:00Z',
        occurrences: ['2026-11-06T08:30:00Z', '2026-11-07T08:30:00Z', '2026-11-08T08:30:00Z'],
        endless: false,
      },
    ],
  },
  { file: 'evolution-floating-time.ics', expected: [{ start: '2026-11-26T10:00:00 floating', end: '2026-11-26T10:30:00 floating', alarms: ['DISPLAY -300'] }] },
  {
    file: 'lightning-thanksgiving-yearly.ics',
    expected: [{ summary: 'Thanksgiving dinner', endless: true, start: '2026-11-26T18:00:00 floating' }],
  },
  {
    file: 'funambol-vcalendar20-qp.ics',
    unreadable: true,
    expected: [
      {
        summary: 'Grüße aus Zürich',
        description: 'Erste Zeile\nZweite Zeile mit é und è',
        start: '2026-12-03T12:00:00Z',
        end: '2026-12-03T13:00:00Z',
        class: 'PUBLIC',
      },
    ],
  },
];

for (const { file, expected, unreadable } of items) {
  describe(file, () => {
    const original = fixture(`desktop/${file}`);
    const server = toServerCalendar(original, 'text/calendar', deterministic);

    test('server copy', () => {
      assertValidServerCalendar(server);
      const views = userView(server);
      if (!unreadable) assert.deepEqual(views, userView(original), 'the server copy shows what the client sent');
      assert.equal(views.length, expected.length);
      expected.forEach((item, index) => assertViewIncludes(views[index]!, item, file));
    });

    test('back to the client', () => {
      const back = toClientCalendar(server, 'text/calendar');
      assert.deepEqual(userView(back), userView(server));
      assert.equal(toServerCalendar(back, 'text/calendar', deterministic), server, 'storing it again changes nothing');
    });

    test('through a vCalendar 1.0 phone and back', () => {
      const phone = toClientCalendar(server, 'text/x-vcalendar');
      // Sent back, it is merged with the stored item: overridden occurrences reach a 1.0 phone
      // only as EXDATEs and stay on the server.
      const again = mergeCalendar(server, toServerCalendar(phone, 'text/x-vcalendar', deterministic), undefined, 'text/x-vcalendar');
      assertValidServerCalendar(again);
      assert.deepEqual(userView(again), userView(server));
    });
  });
}
