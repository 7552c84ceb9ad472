// What the server copy always is: one UID, DTSTAMP, PRODID, VTIMEZONEs, no METHOD, no empty properties; and format detection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ICAL from 'ical.js';
import { calendarComponentOf, calendarUid, toClientCalendar, toServerCalendar } from '../../../gateway/convert/vcalendar/index.ts';
import { assertValidServerCalendar, deterministic, fixture, userView } from './calendar-support.ts';

const ics = (body: string, head = ''): string => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Client 1.0//EN\r\n${head}${body}END:VCALENDAR\r\n`;
const vcal = (body: string, head = ''): string => `BEGIN:VCALENDAR\r\nVERSION:1.0\r\n${head}${body}END:VCALENDAR\r\n`;
const event = (lines: string): string => `BEGIN:VEVENT\r\n${lines}END:VEVENT\r\n`;

function parsed(server: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(server) as never);
}

test('a given UID replaces the item\'s own, in the master and its overrides', () => {
  const server = toServerCalendar(fixture('desktop/thunderbird-weekly-exception-alarm.ics'), 'text/calendar', { ...deterministic, uid: 'server-uid' });
  assertValidServerCalendar(server);
  const uids = parsed(server).getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid'));
  assert.deepEqual(uids, ['server-uid', 'server-uid']);
});

test('the item\'s own UID is kept, and one is made when it has none', () => {
  const own = toServerCalendar(ics(event('UID:own-uid\r\nDTSTART:20261126T100000Z\r\n')), 'text/calendar', deterministic);
  assert.equal(calendarUid(own), 'own-uid');
  const none = toServerCalendar(vcal(event('DTSTART:20261126T100000Z\r\n')), 'text/x-vcalendar', deterministic);
  assert.equal(calendarUid(none), 'generated-uid');
  const random = toServerCalendar(vcal(event('DTSTART:20261126T100000Z\r\n')), 'text/x-vcalendar');
  assert.match(calendarUid(random) ?? '', /^[0-9a-f-]{36}$/);
});

test('METHOD goes, PRODID stays (or is ours), DTSTAMP is added only when missing', () => {
  const server = toServerCalendar(ics(event('UID:a\r\nDTSTART:20261126T100000Z\r\n'), 'METHOD:REQUEST\r\n'), 'text/calendar', deterministic);
  const calendar = parsed(server);
  assert.equal(calendar.getFirstProperty('method'), null);
  assert.equal(calendar.getFirstPropertyValue('prodid'), '-//Test//Client 1.0//EN');
  assert.equal(String(calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('dtstamp')), '2026-01-01T12:00:00Z');
  const stamped = toServerCalendar(ics(event('UID:a\r\nDTSTAMP:20250505T050505Z\r\nDTSTART:20261126T100000Z\r\n')), 'text/calendar', deterministic);
  assert.match(stamped, /\r\nDTSTAMP:20250505T050505Z\r\n/);
  const fromPhone = parsed(toServerCalendar(vcal(event('DTSTART:20261126T100000Z\r\n')), 'text/x-vcalendar', deterministic));
  assert.match(String(fromPhone.getFirstPropertyValue('prodid')), /syncml-gateway/);
});

test('empty properties are dropped, in iCalendar and vCalendar 1.0 alike', () => {
  const fromDesktop = toServerCalendar(ics(event('UID:a\r\nDTSTART:20261126T100000Z\r\nDESCRIPTION:\r\nLOCATION;LANGUAGE=en:\r\nSUMMARY:x\r\n')), 'text/calendar', deterministic);
  assert.doesNotMatch(fromDesktop, /DESCRIPTION|LOCATION/);
  const fromPhone = toServerCalendar(vcal(event('DTSTART:20261126T100000Z\r\nDESCRIPTION:\r\nAALARM:;;;\r\nCATEGORIES:\r\nSUMMARY:x\r\n')), 'text/x-vcalendar', deterministic);
  assert.doesNotMatch(fromPhone, /DESCRIPTION|VALARM|CATEGORIES/);
  assertValidServerCalendar(fromPhone);
});

test('a TZID without VTIMEZONE gets one from the zone database; an unknown one becomes floating time', () => {
  const berlin = toServerCalendar(ics(event('UID:a\r\nDTSTART;TZID=/freeassociation.sourceforge.net/Tzfile/Europe/Berlin:20260706T100000\r\n')), 'text/calendar', deterministic);
  assertValidServerCalendar(berlin);
  assert.equal(userView(berlin)[0]!.start, '2026-07-06T08:00:00Z');
  const unknown = toServerCalendar(ics(event('UID:a\r\nDTSTART;TZID=Mars/Olympus_Mons:20260706T100000\r\n')), 'text/calendar', deterministic);
  assertValidServerCalendar(unknown);
  assert.equal(userView(unknown)[0]!.start, '2026-07-06T10:00:00 floating');
});

test('TZ and DAYLIGHT become a VTIMEZONE with yearly rules for wall-clock times', () => {
  const phone = fixture('phones/nokia-s40-alarm-local-tz.vcs');
  const calendar = parsed(toServerCalendar(phone, 'text/x-vcalendar', deterministic));
  const zone = calendar.getFirstSubcomponent('vtimezone')!;
  assert.equal(zone.getFirstPropertyValue('tzid'), 'CET/CEST');
  assert.equal(String(zone.getFirstSubcomponent('daylight')!.getFirstPropertyValue('rrule')), 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
  assert.equal(String(zone.getFirstSubcomponent('standard')!.getFirstPropertyValue('rrule')), 'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
  // A one-off event in UTC needs no zone: its instant is all there is.
  const utc = toServerCalendar(fixture('phones/nokia-s60-attendees.vcs').replace('VERSION:1.0\r\n', 'VERSION:1.0\r\nTZ:+01\r\n'), 'text/x-vcalendar', deterministic);
  assert.doesNotMatch(utc, /VTIMEZONE|TZID/);
});

test('zoned times go to phones in UTC with TZ/DAYLIGHT; floating and all-day times as wall-clock time', () => {
  const google = toServerCalendar(fixture('desktop/google-weekly-attendees.ics'), 'text/calendar', deterministic);
  const phone = toClientCalendar(google, 'text/x-vcalendar');
  assert.match(phone, /\r\nTZ:-05\r\nDAYLIGHT:TRUE;-04;20260308T070000Z;20261101T060000Z;EST;EDT\r\n/);
  assert.match(phone, /\r\nDTSTART:20260915T133000Z\r\n/);
  assert.match(phone, /\r\nRRULE:W1 TH TU 20261215T135959Z\r\n/);
  const allDay = toClientCalendar(toServerCalendar(fixture('desktop/outlook-all-day.ics'), 'text/calendar', deterministic), 'text/x-vcalendar');
  assert.match(allDay, /\r\nDTSTART:20261102T000000\r\n/);
  assert.match(allDay, /\r\nDTEND:20261106T000000\r\n/);
  assert.match(allDay, /\r\nDALARM:20261101T060000;;;Reminder\r\n/);
});

test('the VERSION line decides the format, whatever the content type says', () => {
  const phone = fixture('phones/nokia-s40-all-day.vcs');
  assert.deepEqual(userView(toServerCalendar(phone, 'text/calendar', deterministic)), userView(toServerCalendar(phone, 'text/x-vcalendar', deterministic)));
  const desktop = fixture('desktop/outlook-all-day.ics');
  assert.deepEqual(userView(toServerCalendar(desktop, 'text/x-vcalendar', deterministic)), userView(toServerCalendar(desktop, 'text/calendar', deterministic)));
  const noVersion = 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20261126T000000\r\nDTEND:20261127T000000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
  assert.equal(userView(toServerCalendar(noVersion, 'text/x-vcalendar', deterministic))[0]!.allDay, true, 'no VERSION: text/x-vcalendar means 1.0');
});

test('a bare VEVENT without VCALENDAR is accepted', () => {
  const server = toServerCalendar('BEGIN:VEVENT\r\nUID:bare\r\nDTSTART:20261126T100000Z\r\nSUMMARY:Bare\r\nEND:VEVENT\r\n', 'text/calendar', deterministic);
  assertValidServerCalendar(server);
  assert.equal(userView(server)[0]!.summary, 'Bare');
});

test('calendarUid and calendarComponentOf read either format', () => {
  assert.equal(calendarUid(fixture('phones/p900-task.vcs')), '679');
  assert.equal(calendarComponentOf(fixture('phones/p900-task.vcs')), 'VTODO');
  assert.equal(calendarUid(fixture('phones/nokia-s40-all-day.vcs')), undefined);
  assert.equal(calendarComponentOf(fixture('phones/nokia-s40-all-day.vcs')), 'VEVENT');
  assert.equal(calendarUid(fixture('desktop/apple-reminders-task.ics')), '5E3B9C1D-7A2F-4E4B-9C8D-1F0A2B3C4D5E');
  assert.equal(calendarComponentOf(fixture('syncevolution/eds_memo.ics').split(/\n\n/)[0]!), 'VJOURNAL');
});

test('unknown X- properties are kept both ways, values intact', () => {
  const phone = vcal(event('DTSTART:20261126T100000Z\r\nX-FOO;X-PARAM=1:a;b, c\\d\r\nX-BAR;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:zwei=0D=0AZeilen =C3=A4\r\n'));
  const server = toServerCalendar(phone, 'text/x-vcalendar', deterministic);
  assert.deepEqual(userView(server)[0]!.x, ['X-BAR:zwei\nZeilen ä', 'X-FOO:a;b, c\\d']);
  const back = toClientCalendar(server, 'text/x-vcalendar');
  assert.match(back, /\r\nX-FOO;X-PARAM=1:a;b, c\\d\r\n/);
  assert.deepEqual(userView(toServerCalendar(back, 'text/x-vcalendar', deterministic))[0]!.x, userView(server)[0]!.x);
});

test('the server copy is stable: converting it again changes nothing', () => {
  for (const file of ['phones/nokia-s60-weekly-exdates.vcs', 'phones/sonyericsson-task-due.vcs', 'desktop/outlook-meeting-request.ics']) {
    const server = toServerCalendar(fixture(file), file.endsWith('.vcs') ? 'text/x-vcalendar' : 'text/calendar', deterministic);
    assert.equal(toServerCalendar(server, 'text/calendar', deterministic), server, file);
  }
});
