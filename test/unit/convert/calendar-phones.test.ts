// Phone-style vCalendar 1.0 items (Nokia, Sony Ericsson, Symbian, Motorola) and SyncEvolution's vcal10.ics:
// what the server copy means, and that phone -> server -> phone -> server keeps it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toClientCalendar, toServerCalendar } from '../../../gateway/convert/vcalendar/index.ts';
import { assertValidServerCalendar, assertViewIncludes, corpusItems, deterministic, fixture, userView, vcalText, type ItemView } from './calendar-support.ts';

const floating = (text: string): string => `${text} floating`;

/** Expected views of the hand-written phone items (test/fixtures/corpora/calendar/phones/). */
const phones: Record<string, Partial<ItemView>> = {
  'nokia-s40-daily-count.vcs': {
    summary: 'Morning run',
    start: floating('2026-11-02T07:30:00'),
    end: floating('2026-11-02T08:00:00'),
    occurrences: ['02', '03', '04', '05', '06', '07', '08', '09', '10', '11'].map((day) => floating(`2026-11-${day}T07:30:00`)),
    endless: false,
    alarms: ['AUDIO -900'],
    categories: ['MISCELLANEOUS'],
    x: ['X-IRMC-LUID:000000000041'],
  },
  'nokia-s40-weekly-two-days-until.vcs': {
    summary: 'Choir rehearsal',
    location: 'Parish hall',
    occurrences: ['09-07', '09-08', '09-21', '09-22', '10-05', '10-06', '10-19', '10-20', '11-02', '11-03', '11-16', '11-17', '11-30', '12-01'].map((d) =>
      floating(`2026-${d}T18:30:00`),
    ),
    endless: false,
  },
  'nokia-s60-monthly-by-position.vcs': {
    summary: 'Board meeting',
    start: '2026-01-05T09:00:00Z',
    end: '2026-01-05T11:00:00Z',
    // First Monday at 10:00 in Berlin: the wall-clock time survives the change to summer time.
    occurrences: ['2026-01-05T09:00:00Z', '2026-02-02T09:00:00Z', '2026-03-02T09:00:00Z', '2026-04-06T08:00:00Z', '2026-05-04T08:00:00Z'].concat(
      ['2026-06-01T08:00:00Z', '2026-07-06T08:00:00Z', '2026-08-03T08:00:00Z', '2026-09-07T08:00:00Z', '2026-10-05T08:00:00Z'],
      ['2026-11-02T09:00:00Z', '2026-12-07T09:00:00Z', '2027-01-04T09:00:00Z', '2027-02-01T09:00:00Z'],
    ),
    endless: true,
    alarms: ['AUDIO -900'],
    x: ['X-EPOCAGENDAENTRYTYPE:APPOINTMENT'],
  },
  'nokia-s60-monthly-by-day.vcs': {
    summary: 'Pay the rent',
    class: 'PRIVATE',
    occurrences: ['2026-01-01T08:00:00Z', '2026-02-01T08:00:00Z', '2026-03-01T08:00:00Z', '2026-04-01T07:00:00Z', '2026-05-01T07:00:00Z'].concat(
      ['2026-06-01T07:00:00Z', '2026-07-01T07:00:00Z', '2026-08-01T07:00:00Z', '2026-09-01T07:00:00Z', '2026-10-01T07:00:00Z'],
      ['2026-11-01T08:00:00Z', '2026-12-01T08:00:00Z', '2027-01-01T08:00:00Z', '2027-02-01T08:00:00Z'],
    ),
    endless: true,
  },
  'nokia-s60-yearly-by-month.vcs': {
    summary: 'Summer party',
    occurrences: ['2026', '2027', '2028', '2029', '2030'].map((year) => `${year}-06-20T16:00:00Z`),
    endless: false,
  },
  'nokia-s40-yearly-by-day.vcs': {
    summary: 'Day 100 lunch',
    occurrences: [floating('2026-04-10T12:00:00'), floating('2027-04-10T12:00:00'), floating('2028-04-09T12:00:00')],
    endless: false,
  },
  'nokia-s40-all-day.vcs': { summary: 'Company holiday', allDay: true, start: '2026-11-26', end: '2026-11-27', categories: ['HOLIDAY'] },
  'nokia-s60-all-day-2359.vcs': { summary: "Christmas at grandma's", allDay: true, start: '2026-12-24', end: '2026-12-27', busy: false, location: 'Hamburg' },
  'nokia-s40-alarm-local-tz.vcs': {
    summary: 'Dentist',
    start: '2026-07-15T12:00:00Z',
    end: '2026-07-15T13:00:00Z',
    alarms: ['AUDIO -1800'],
    location: 'Dr. Weber',
  },
  'sonyericsson-qp-description.vcs': {
    summary: 'Projekttreffen München',
    description: 'Agenda:\n1. Rückblick\n2. Planung für nächstes Jahr\n3. Verschiedenes',
    location: 'Raum 3.14, Straße des 17. Juni',
    start: '2026-10-12T08:00:00Z',
    end: '2026-10-12T09:30:00Z',
    alarms: ['DISPLAY -900'],
    x: ['X-SONYERICSSON-DST:4'],
  },
  'sonyericsson-task-due.vcs': {
    kind: 'VTODO',
    summary: 'Renew passport',
    description: 'Bring two photos',
    due: '2026-11-30',
    allDay: true,
    priority: 1,
    status: 'NEEDS-ACTION',
    class: 'PRIVATE',
    categories: ['PERSONAL'],
    alarms: ['AUDIO -54000'],
  },
  'sonyericsson-task-completed.vcs': {
    kind: 'VTODO',
    summary: 'Send quarterly report',
    due: '2026-11-18T17:00:00Z',
    completed: '2026-11-20T10:15:00Z',
    status: 'COMPLETED',
    priority: 2,
  },
  'nokia-s60-attendees.vcs': {
    summary: 'Design review',
    organizer: 'anna.schmidt@example.com Anna Schmidt',
    attendees: [
      'ben@example.com Ben Meyer | REQ-PARTICIPANT | ACCEPTED | RSVP TRUE',
      'carla@example.org | OPT-PARTICIPANT | NEEDS-ACTION | RSVP TRUE',
      'dan.lee@example.net Dan Lee | NON-PARTICIPANT | DECLINED | RSVP FALSE',
    ],
  },
  'nokia-s60-weekly-exdates.vcs': {
    summary: 'Team standup',
    // Mondays at 09:00 Berlin until 30 November inclusive, without 19 October and 9 November.
    occurrences: ['2026-10-05T07:00:00Z', '2026-10-12T07:00:00Z', '2026-10-26T08:00:00Z', '2026-11-02T08:00:00Z', '2026-11-16T08:00:00Z'].concat(
      ['2026-11-23T08:00:00Z', '2026-11-30T08:00:00Z'],
    ),
    endless: false,
    alarms: ['AUDIO -300'],
  },
  'nokia-s40-monthly-last-friday.vcs': {
    summary: 'Games night',
    occurrences: ['01-30', '02-27', '03-27', '04-24', '05-29', '06-26', '07-31', '08-28', '09-25', '10-30', '11-27', '12-25'].map((d) => floating(`2026-${d}T17:00:00`)).concat(
      [floating('2027-01-29T17:00:00'), floating('2027-02-26T17:00:00')],
    ),
    endless: true,
  },
  'nokia-s40-monthly-two-days-count.vcs': {
    summary: 'Water the plants',
    // #6 counts months: six months of the 1st and the 15th.
    occurrences: ['07', '08', '09', '10', '11', '12'].flatMap((m) => [floating(`2026-${m}-01T08:00:00`), floating(`2026-${m}-15T08:00:00`)]),
    endless: false,
  },
  'sonyericsson-weekly-three-days-count.vcs': {
    summary: 'Physiotherapy',
    class: 'CONFIDENTIAL',
    occurrences: ['09-14', '09-16', '09-18', '09-21', '09-23', '09-25', '09-28', '09-30', '10-02', '10-05', '10-07', '10-09'].map((d) => floating(`2026-${d}T16:00:00`)),
    endless: false,
  },
  'nokia-s40-tz-without-daylight.vcs': { summary: 'Call with Bangalore office', start: '2026-10-15T04:30:00Z', end: '2026-10-15T06:00:00Z' },
  'nokia-s40-us-daylight-local.vcs': {
    summary: 'Weekly sync (New York)',
    start: '2026-03-12T13:00:00Z',
    endless: true,
  },
  'sonyericsson-alarm-snooze.vcs': { summary: 'Flight LH 2034', alarms: ['AUDIO -1800', 'DISPLAY -7200'], categories: ['TRAVEL'] },
  'motorola-date-only-all-day.vcs': { summary: 'Christmas Day', allDay: true, start: '2026-12-25', end: '2026-12-26' },
  'sonyericsson-latin1-charset.vcs': { summary: 'Café mit Jürgen', location: 'Köln', start: '2026-10-20T15:00:00Z' },
  'nokia-s40-rule-without-end.vcs': {
    summary: 'Evening class',
    // No count and no end date: the vCalendar default is #2.
    occurrences: [floating('2026-11-05T19:00:00'), floating('2026-11-06T19:00:00')],
    endless: false,
  },
  'synthesis-task-empty-description.vcs': { kind: 'VTODO', summary: 'client1', priority: 1, status: 'NEEDS-ACTION', class: 'PUBLIC' },
  'p900-appointment-alarm.vcs': { summary: 'client1 12-1', start: '2006-12-22T11:00:00Z', end: '2006-12-22T12:00:00Z', alarms: ['AUDIO -600'] },
  'p900-all-day-utc-2400.vcs': { summary: 'cIient1 christmas all day', allDay: true, start: '2006-12-25', end: '2006-12-26', description: 'uumlaut: ü' },
  'p900-task.vcs': {
    kind: 'VTODO',
    summary: 'clienttask1',
    description: 'Aumlaut: Ä',
    priority: 1,
    categories: ['X-65536'],
    x: ['X-EPOCAGENDAENTRYTYPE:TODO', 'X-EPOCTODOLIST:To-do list'],
  },
};

/** Expected views of SyncEvolution's vcal10.ics, in file order. */
const vcal10: Partial<ItemView>[] = [
  { summary: 'recurrence weekly, limited', occurrences: ['06', '13', '20', '27'].map((d) => `2006-04-${d}T17:00:00Z`), endless: false },
  { summary: 'recurr at end of month', start: '2006-04-06T16:00:00Z', endless: false },
  { summary: 'recurrence, yearly, two times', occurrences: ['2006-04-06T18:00:00Z', '2007-04-06T18:00:00Z'], endless: false },
  { summary: 'two day event', start: '2006-04-05T22:00:00Z', end: '2006-04-07T22:00:00Z', busy: false, allDay: false },
  { summary: 'recurrence monthly, 6th day, limited', occurrences: ['04', '05', '06'].map((m) => `2006-${m}-06T17:30:00Z`), endless: false },
  { summary: 'phone meeting', location: 'my office', description: "let's talk", start: '2006-04-06T14:00:00Z', end: '2006-04-06T14:30:00Z' },
  { summary: 'recurrence daily unlimited', start: '2006-04-06T16:30:00Z', endless: true },
  { summary: 'all day event', allDay: true, start: '2006-04-05', end: '2006-04-06', busy: false },
];

/** Phone -> server -> phone -> server: the server copies mean the same and the phone reads the same texts. */
function assertRoundTrip(original: string, label: string): void {
  const server = toServerCalendar(original, 'text/x-vcalendar', deterministic);
  const phone = toClientCalendar(server, 'text/x-vcalendar');
  assert.match(phone, /^BEGIN:VCALENDAR\r\nVERSION:1\.0\r\n/);
  for (const name of ['SUMMARY', 'DESCRIPTION', 'LOCATION', 'CLASS', 'PRIORITY']) {
    const sent = vcalText(original, name);
    if (sent) assert.equal(vcalText(phone, name), sent, `${label}: the phone reads the same ${name}`);
  }
  const again = toServerCalendar(phone, 'text/x-vcalendar', deterministic);
  assertValidServerCalendar(again);
  assert.deepEqual(userView(again), userView(server), `${label}: what the phone sends back means the same`);
  const desktop = toClientCalendar(server, 'text/calendar');
  assert.deepEqual(userView(desktop), userView(server), `${label}: an iCalendar client sees the same`);
}

describe('phone vCalendar 1.0 items', () => {
  for (const [file, expected] of Object.entries(phones)) {
    test(file, () => {
      const original = fixture(`phones/${file}`);
      const server = toServerCalendar(original, 'text/x-vcalendar', deterministic);
      assertValidServerCalendar(server);
      const views = userView(server);
      assert.equal(views.length, 1);
      assertViewIncludes(views[0]!, { kind: 'VEVENT', ...expected }, file);
      assertRoundTrip(original, file);
    });
  }
});

describe('vcal10.ics (text/x-vcalendar)', () => {
  const items = corpusItems('vcal10.ics');
  test('has the eight items the expectations describe', () => assert.equal(items.length, vcal10.length));
  items.forEach((item, index) => {
    test(item.name, () => {
      const server = toServerCalendar(item.text, 'text/x-vcalendar', deterministic);
      assertValidServerCalendar(server);
      assertViewIncludes(userView(server)[0]!, vcal10[index]!, item.name);
      assertRoundTrip(item.text, item.name);
    });
  });
});
