// What a device cannot store is not erased on the server when it sends an event, task or note
// back: the stored item goes to a simulated phone that keeps only what its CTCap lists, the user
// changes something, and the phone's copy is merged with the stored one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ICAL from 'ical.js';
import { mergeCalendar, toClientCalendar, toServerCalendar } from '../../../gateway/convert/vcalendar/index.ts';
import { mergeNote, toClientNote, toServerNote } from '../../../gateway/convert/vnote/index.ts';
import { assertValidServerCalendar, deterministic } from './calendar-support.ts';

const ics = (...lines: string[]): string => `${['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n')}\r\n`;

const berlin = [
  'BEGIN:VTIMEZONE', 'TZID:Europe/Berlin',
  'BEGIN:STANDARD', 'DTSTART:19701025T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
  'BEGIN:DAYLIGHT', 'DTSTART:19700329T020000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
  'END:VTIMEZONE',
];

/** A weekly meeting with attendees, two alarms, X- properties and one moved occurrence. */
const meeting = ics(
  ...berlin,
  'BEGIN:VEVENT', 'UID:meeting-1', 'DTSTAMP:20261101T080000Z', 'SEQUENCE:3', 'SUMMARY:Team meeting', 'LOCATION:Room 4',
  'DESCRIPTION:Weekly sync', 'URL:https://example.com/agenda', 'GEO:52.52;13.40',
  'DTSTART;TZID=Europe/Berlin:20261202T100000', 'DTEND;TZID=Europe/Berlin:20261202T110000', 'RRULE:FREQ=WEEKLY;COUNT=10',
  'ORGANIZER;CN=Olga:mailto:olga@example.com', 'ATTENDEE;CN=Anna;PARTSTAT=ACCEPTED:mailto:anna@example.com',
  'X-MOZ-GENERATION:7', 'X-OFFICE-COLOR:blue',
  'BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:Team meeting', 'TRIGGER:-PT15M', 'END:VALARM',
  'BEGIN:VALARM', 'ACTION:EMAIL', 'SUMMARY:Meeting', 'DESCRIPTION:Team meeting soon', 'ATTENDEE:mailto:olga@example.com', 'TRIGGER:-PT1H', 'END:VALARM',
  'END:VEVENT',
  'BEGIN:VEVENT', 'UID:meeting-1', 'DTSTAMP:20261101T080000Z', 'RECURRENCE-ID;TZID=Europe/Berlin:20261209T100000', 'SUMMARY:Team meeting (moved)',
  'DTSTART;TZID=Europe/Berlin:20261209T140000', 'DTEND;TZID=Europe/Berlin:20261209T150000', 'X-OFFICE-COLOR:red',
  'END:VEVENT',
);

/** A phone keeping only the properties its CTCap lists (alarms under their 1.0 names) and no overridden occurrence. */
function phoneCopy(vcal: string, ctcap: ReadonlySet<string>): string {
  const lines = vcal.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  const kept: string[] = [];
  let items = 0;
  let dropping = false;
  for (const line of lines) {
    const name = /^[^:;]+/.exec(line)![0].toUpperCase();
    if (/^BEGIN:V(EVENT|TODO)$/.test(line)) dropping = ++items > 1; // the phone stores one item: the first
    if (dropping) {
      if (name === 'END' && /V(EVENT|TODO)$/.test(line)) dropping = false;
      continue;
    }
    if (name === 'BEGIN' || name === 'END' || name === 'VERSION' || ctcap.has(name) || (name.startsWith('X-') && ctcap.has('X-*'))) kept.push(line);
  }
  return `${kept.join('\r\n')}\r\n`;
}

/** Stored item -> phone (vCalendar 1.0) -> the user's edit -> server form -> merged with the stored item. */
function roundTrip(stored: string, ctcap: ReadonlySet<string>, edit: (vcal: string) => string, uid = 'meeting-1'): string {
  const phone = edit(phoneCopy(toClientCalendar(stored, 'text/x-vcalendar'), ctcap));
  const incoming = toServerCalendar(phone, 'text/x-vcalendar', { uid, ...deterministic });
  const merged = mergeCalendar(stored, incoming, ctcap, 'text/x-vcalendar');
  assertValidServerCalendar(merged);
  return merged;
}

const calendarOf = (text: string) => new ICAL.Component(ICAL.parse(text) as never);
const master = (text: string) => calendarOf(text).getAllSubcomponents().find((c) => ['vevent', 'vtodo', 'vjournal'].includes(c.name) && !c.hasProperty('recurrence-id'))!;
const overrides = (text: string) => calendarOf(text).getAllSubcomponents('vevent').filter((c) => c.hasProperty('recurrence-id'));
const values = (item: ICAL.Component, name: string): string[] => item.getAllProperties(name).map((p) => String(p.getFirstValue()));

/** A plain phone: no attendees, no URL, no X- properties, display alarms only. */
const basicPhone = new Set(['SUMMARY', 'DESCRIPTION', 'LOCATION', 'DTSTART', 'DTEND', 'RRULE', 'EXDATE', 'DALARM', 'CATEGORIES', 'CLASS', 'UID']);

describe('events sent back by a device keep what it cannot store', () => {
  test('attendees, organizer, URL, GEO, X- properties, sequence and the e-mail alarm stay; the changed summary is taken', () => {
    const merged = roundTrip(meeting, basicPhone, (v) => v.replace('SUMMARY:Team meeting', 'SUMMARY:Team meeting v2'));
    const event = master(merged);
    assert.deepEqual(values(event, 'summary'), ['Team meeting v2']);
    assert.deepEqual(values(event, 'uid'), ['meeting-1']);
    assert.deepEqual(values(event, 'location'), ['Room 4']);
    assert.deepEqual(values(event, 'attendee'), ['mailto:anna@example.com']);
    assert.equal(event.getFirstProperty('attendee')!.getParameter('partstat'), 'ACCEPTED');
    assert.deepEqual(values(event, 'organizer'), ['mailto:olga@example.com']);
    assert.deepEqual(values(event, 'url'), ['https://example.com/agenda']);
    assert.equal(event.getAllProperties('geo').length, 1);
    assert.deepEqual(values(event, 'x-moz-generation'), ['7']);
    assert.deepEqual(values(event, 'x-office-color'), ['blue']);
    assert.deepEqual(values(event, 'sequence'), ['3']);
    const alarms = event.getAllSubcomponents('valarm').map((a) => `${String(a.getFirstPropertyValue('action'))} ${String(a.getFirstPropertyValue('trigger'))}`);
    assert.deepEqual(alarms.sort(), ['DISPLAY -PT15M', 'EMAIL -PT1H']);
  });

  test('the overridden occurrence, which vCalendar 1.0 cannot carry, stays with its zone', () => {
    const merged = roundTrip(meeting, basicPhone, (v) => v.replace('LOCATION:Room 4', 'LOCATION:Room 5'));
    const [moved] = overrides(merged);
    assert.ok(moved, merged);
    assert.deepEqual(values(moved, 'summary'), ['Team meeting (moved)']);
    assert.deepEqual(values(moved, 'uid'), ['meeting-1']);
    assert.equal(moved.getFirstProperty('recurrence-id')!.getParameter('tzid'), 'Europe/Berlin');
    assert.deepEqual(values(moved, 'x-office-color'), ['red']);
    assert.deepEqual(values(master(merged), 'location'), ['Room 5']);
    assert.ok(calendarOf(merged).getAllSubcomponents('vtimezone').some((z) => z.getFirstPropertyValue('tzid') === 'Europe/Berlin'));
  });

  test('what the device holds comes from the device: a cleared location and a deleted alarm go', () => {
    const merged = roundTrip(meeting, basicPhone, (v) => v.split('\r\n').filter((l) => !l.startsWith('LOCATION') && !l.startsWith('DALARM')).join('\r\n'));
    const event = master(merged);
    assert.equal(event.getAllProperties('location').length, 0);
    assert.deepEqual(event.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('action'))), ['EMAIL']);
    assert.equal(values(event, 'attendee').length, 1);
  });

  test('a device that lists attendees and X- properties sends them back and its copy wins', () => {
    const ctcap = new Set([...basicPhone, 'ATTENDEE', 'X-*', 'AALARM', 'MALARM']);
    const merged = roundTrip(meeting, ctcap, (v) => v.split('\r\n').filter((l) => !l.includes('anna@example.com') && !l.startsWith('X-OFFICE-COLOR')).join('\r\n'));
    const event = master(merged);
    assert.deepEqual(values(event, 'attendee'), [], 'the attendee removed on the device');
    assert.deepEqual(values(event, 'organizer'), ['mailto:olga@example.com']);
    assert.deepEqual(values(event, 'x-office-color'), []);
    assert.deepEqual(values(event, 'x-moz-generation'), ['7']);
    assert.deepEqual(values(event, 'url'), ['https://example.com/agenda'], 'URL is still not listed');
  });

  test('a vCalendar 1.0 phone gets the moved occurrence as an EXDATE, which does not stay on the server', () => {
    const phone = toClientCalendar(meeting, 'text/x-vcalendar');
    assert.equal(phone.match(/^BEGIN:VEVENT/gm)?.length, 1, 'one VEVENT: a second one would be read into the first');
    assert.match(phone, /^EXDATE:20261209T090000Z\r$/m);
    assert.doesNotMatch(phone, /RECURRENCE-ID/);
    const merged = roundTrip(meeting, basicPhone, (v) => v);
    assert.equal(master(merged).getAllProperties('exdate').length, 0);
    assert.equal(overrides(merged).length, 1);
  });

  test('an EXDATE the device added for another date stays; a series made single drops the overrides', () => {
    const excluded = roundTrip(meeting, basicPhone, (v) => v.replace(/EXDATE:[^\r\n]*/, '$&;20261216T090000Z'));
    assert.deepEqual(master(excluded).getAllProperties('exdate').flatMap((p) => p.getValues()).map((t) => (t as ICAL.Time).toUnixTime()), [Date.UTC(2026, 11, 16, 9) / 1000]);
    assert.equal(overrides(excluded).length, 1);
    const single = roundTrip(meeting, basicPhone, (v) => v.replace(/RRULE:[^\r\n]*\r\n/, ''));
    assert.equal(overrides(single).length, 0);
    assert.equal(master(single).getAllProperties('rrule').length, 0);
  });

  test('without a CTCap, the device decides every property (as for contacts) but overridden occurrences stay for vCalendar 1.0', () => {
    const phone = toClientCalendar(meeting, 'text/x-vcalendar').replace(/X-OFFICE-COLOR:blue\r\n/, '').replace('SUMMARY:Team meeting\r\n', 'SUMMARY:Renamed\r\n');
    const incoming = toServerCalendar(phone, 'text/x-vcalendar', { uid: 'meeting-1', ...deterministic });
    const merged = mergeCalendar(meeting, incoming, undefined, 'text/x-vcalendar');
    assertValidServerCalendar(merged);
    assert.deepEqual(values(master(merged), 'summary'), ['Renamed']);
    assert.deepEqual(values(master(merged), 'x-office-color'), []);
    assert.equal(overrides(merged).length, 1);
    assert.equal(master(merged).getAllProperties('geo').length, 1, 'GEO is never read from vCalendar 1.0, so it stays');
  });

  test('an iCalendar 2.0 device without a CTCap is stored as it sent the item, overrides included', () => {
    const incoming = toServerCalendar(ics(...berlin, 'BEGIN:VEVENT', 'UID:meeting-1', 'DTSTAMP:20261102T080000Z', 'SUMMARY:Only this', 'DTSTART;TZID=Europe/Berlin:20261202T100000', 'RRULE:FREQ=WEEKLY;COUNT=10', 'END:VEVENT'), 'text/calendar', deterministic);
    const merged = mergeCalendar(meeting, incoming, undefined, 'text/calendar');
    assert.equal(overrides(merged).length, 0);
    assert.deepEqual(values(master(merged), 'attendee'), []);
    assert.equal(master(merged).getAllSubcomponents('valarm').length, 0);
  });

  test('an iCalendar 2.0 device without RECURRENCE-ID or ORGANIZER in its CTCap keeps the server\'s', () => {
    const ctcap = new Set(['SUMMARY', 'DTSTART', 'DTEND', 'RRULE', 'ATTENDEE', 'VALARM', 'UID']);
    const incoming = toServerCalendar(ics(...berlin, 'BEGIN:VEVENT', 'UID:meeting-1', 'DTSTAMP:20261102T080000Z', 'SUMMARY:Changed', 'DTSTART;TZID=Europe/Berlin:20261202T100000', 'DURATION:PT2H', 'RRULE:FREQ=WEEKLY;COUNT=10', 'END:VEVENT'), 'text/calendar', deterministic);
    const merged = mergeCalendar(meeting, incoming, ctcap, 'text/calendar');
    assertValidServerCalendar(merged);
    const event = master(merged);
    assert.deepEqual(values(event, 'organizer'), ['mailto:olga@example.com']);
    assert.deepEqual(values(event, 'attendee'), [], 'listed, not sent: removed');
    assert.equal(event.getAllSubcomponents('valarm').length, 0, 'alarms listed (VALARM), none sent');
    assert.deepEqual(values(event, 'dtend'), [], 'the device chose DURATION: the stored DTEND goes');
    assert.equal(values(event, 'duration').length, 1);
    assert.equal(overrides(merged).length, 1);
  });

  test('a stored item that cannot be read leaves the device\'s copy as it is', () => {
    const incoming = toServerCalendar(ics('BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20261102T080000Z', 'DTSTART:20261202T100000Z', 'SUMMARY:x', 'END:VEVENT'), 'text/calendar', deterministic);
    assert.equal(mergeCalendar('not a calendar', incoming, basicPhone, 'text/x-vcalendar'), incoming);
  });
});

describe('tasks sent back by a device keep what it cannot store', () => {
  const task = ics(
    'BEGIN:VTODO', 'UID:task-1', 'DTSTAMP:20261101T080000Z', 'SUMMARY:File the report', 'DUE:20261205T170000Z', 'PRIORITY:1',
    'PERCENT-COMPLETE:40', 'STATUS:IN-PROCESS', 'CATEGORIES:Work,Finance', 'RELATED-TO:parent-task', 'X-APPLE-SORT-ORDER:12',
    'BEGIN:VALARM', 'ACTION:AUDIO', 'TRIGGER;RELATED=END:-PT1H', 'END:VALARM',
    'END:VTODO',
  );
  const taskPhone = new Set(['SUMMARY', 'DUE', 'PRIORITY', 'STATUS', 'COMPLETED', 'UID']);

  test('completed on the phone: status and completion from the phone, categories, percent, relation, X- and alarm from the server', () => {
    const merged = roundTrip(task, taskPhone, (v) => v.replace(/STATUS:[^\r\n]*/, 'STATUS:COMPLETED\r\nCOMPLETED:20261204T120000Z'), 'task-1');
    const todo = master(merged);
    assert.equal(todo.name, 'vtodo');
    assert.deepEqual(values(todo, 'status'), ['COMPLETED']);
    assert.equal(values(todo, 'completed').length, 1);
    assert.deepEqual(todo.getFirstProperty('categories')!.getValues(), ['Work', 'Finance']);
    assert.deepEqual(values(todo, 'percent-complete'), ['40']);
    assert.deepEqual(values(todo, 'related-to'), ['parent-task']);
    assert.deepEqual(values(todo, 'x-apple-sort-order'), ['12']);
    assert.deepEqual(todo.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('action'))), ['AUDIO']);
  });

  test('a due date cleared on the phone is cleared on the server', () => {
    const merged = roundTrip(task, taskPhone, (v) => v.replace(/DUE:[^\r\n]*\r\n/, ''), 'task-1');
    assert.deepEqual(values(master(merged), 'due'), []);
    assert.deepEqual(values(master(merged), 'duration'), []);
  });
});

describe('notes sent back by a device keep what it cannot store', () => {
  const journal = ics(
    'BEGIN:VJOURNAL', 'UID:note-1', 'DTSTAMP:20261101T080000Z', 'DTSTART;VALUE=DATE:20261101', 'SUMMARY:Shopping',
    'DESCRIPTION:milk\\neggs', 'CATEGORIES:Home', 'CLASS:PRIVATE', 'ATTACH:https://example.com/list.pdf', 'X-NOTE-COLOR:yellow',
    'END:VJOURNAL',
  );
  const noteOf = (text: string) => calendarOf(text).getFirstSubcomponent('vjournal')!;

  test('a plain-text note: title and body from the text, everything else from the server', () => {
    const shown = toClientNote(journal, 'text/plain');
    assert.equal(shown, 'Shopping\r\nmilk\r\neggs');
    const incoming = toServerNote(`${shown}\r\nbread`, 'text/plain', { uid: 'note-1', ...deterministic });
    const merged = mergeNote(journal, incoming, undefined, 'text/plain');
    assertValidServerCalendar(merged);
    const note = noteOf(merged);
    assert.deepEqual(values(note, 'summary'), ['Shopping']);
    assert.deepEqual(values(note, 'description'), ['milk\neggs\nbread'], 'the title is not doubled into the body');
    assert.deepEqual(values(note, 'categories'), ['Home']);
    assert.deepEqual(values(note, 'class'), ['PRIVATE']);
    assert.deepEqual(values(note, 'attach'), ['https://example.com/list.pdf']);
    assert.deepEqual(values(note, 'x-note-color'), ['yellow']);
    assert.equal(values(note, 'dtstart').length, 1);
    assert.deepEqual(values(note, 'uid'), ['note-1']);
  });

  test('a plain-text note whose title is its first line follows the edited first line', () => {
    const derived = journal.replace('DESCRIPTION:milk\\neggs', 'DESCRIPTION:Shopping\\nmilk');
    const incoming = toServerNote('Groceries\r\nmilk', 'text/plain', { uid: 'note-1', ...deterministic });
    const note = noteOf(mergeNote(derived, incoming, undefined, 'text/plain'));
    assert.deepEqual(values(note, 'summary'), ['Groceries']);
    assert.deepEqual(values(note, 'description'), ['Groceries\nmilk']);
    assert.deepEqual(values(note, 'x-note-color'), ['yellow']);
  });

  test('a vNote device without SUMMARY keeps the server\'s own title; what vNote cannot carry stays', () => {
    const vnote = toClientNote(journal, 'text/x-vnote').replace(/SUMMARY:[^\r\n]*\r\n/, '').replace(/X-NOTE-COLOR:[^\r\n]*\r\n/, '');
    const incoming = toServerNote(vnote.replace(/BODY[;:][^\r\n]*/, 'BODY;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:milk=0D=0Abutter'), 'text/x-vnote', { uid: 'note-1', ...deterministic });
    const merged = mergeNote(journal, incoming, new Set(['BODY', 'CATEGORIES', 'CLASS']), 'text/x-vnote');
    assertValidServerCalendar(merged);
    const note = noteOf(merged);
    assert.deepEqual(values(note, 'summary'), ['Shopping']);
    assert.deepEqual(values(note, 'description'), ['milk\nbutter']);
    assert.deepEqual(values(note, 'x-note-color'), ['yellow'], 'X- not in the CTCap');
    assert.deepEqual(values(note, 'attach'), ['https://example.com/list.pdf']);
    assert.equal(values(note, 'dtstart').length, 1);
  });

  test('a vNote device that lists its fields clears what the user cleared', () => {
    const vnote = toClientNote(journal, 'text/x-vnote').replace(/CATEGORIES:[^\r\n]*\r\n/, '');
    const incoming = toServerNote(vnote, 'text/x-vnote', { uid: 'note-1', ...deterministic });
    const note = noteOf(mergeNote(journal, incoming, new Set(['BODY', 'SUMMARY', 'CATEGORIES', 'CLASS', 'X-*']), 'text/x-vnote'));
    assert.deepEqual(values(note, 'categories'), []);
    assert.deepEqual(values(note, 'x-note-color'), ['yellow']);
    assert.deepEqual(values(note, 'summary'), ['Shopping']);
    assert.deepEqual(values(note, 'attach'), ['https://example.com/list.pdf']);
  });
});
