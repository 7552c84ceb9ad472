// What the calendar and note converters do with items they cannot convert: a readable ConvertError the engine maps to 415/400.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConvertError, calendarComponentOf, calendarUid, toClientCalendar, toServerCalendar } from '../../../gateway/convert/vcalendar/index.ts';
import { toClientNote, toServerNote } from '../../../gateway/convert/vnote/index.ts';
import { deterministic } from './calendar-support.ts';

function convertError(run: () => unknown): ConvertError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConvertError, `expected a ConvertError, got ${String(error)}`);
    assert.equal(error.name, 'ConvertError');
    return error;
  }
  assert.fail('no error thrown');
}

const vcal = (body: string): string => `BEGIN:VCALENDAR\r\nVERSION:1.0\r\n${body}END:VCALENDAR\r\n`;

test('an empty item', () => {
  const error = convertError(() => toServerCalendar('', 'text/x-vcalendar'));
  assert.equal(error.kind, 'unsupported-format');
  assert.equal(error.message, 'the item is empty, expected a calendar (vCalendar or iCalendar)');
  assert.equal(convertError(() => toServerCalendar(' \r\n', 'text/calendar')).kind, 'unsupported-format');
});

test('plain text sent as a calendar', () => {
  const error = convertError(() => toServerCalendar('Lunch with Anna\r\ntomorrow at noon', 'text/calendar'));
  assert.equal(error.kind, 'unsupported-format');
  assert.equal(error.message, 'the item is not a calendar (vCalendar or iCalendar): no BEGIN:VCALENDAR line (it starts with "Lunch with Anna")');
  assert.match(convertError(() => toServerCalendar('Lunch with Anna', 'text/x-vcalendar')).message, /no BEGIN:VCALENDAR line/);
});

test('a vCard sent as a calendar', () => {
  const error = convertError(() => toServerCalendar('BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;John\r\nEND:VCARD\r\n', 'text/x-vcalendar'));
  assert.match(error.message, /no BEGIN:VCALENDAR line \(it starts with "BEGIN:VCARD"\)/);
});

test('long first lines are cut in the message', () => {
  const error = convertError(() => toServerCalendar(`<html><body>${'x'.repeat(500)}</body></html>`, 'text/calendar'));
  assert.ok(error.message.length < 140, error.message);
});

test('a calendar without an event, task or journal entry', () => {
  const error = convertError(() => toServerCalendar(vcal('TZ:+01\r\n'), 'text/x-vcalendar'));
  assert.equal(error.kind, 'unsupported-format');
  assert.equal(error.message, 'the calendar holds no event, task or journal entry (no VEVENT, VTODO or VJOURNAL)');
});

test('a task sent to an events store', () => {
  const task = vcal('BEGIN:VTODO\r\nSUMMARY:Buy milk\r\nEND:VTODO\r\n');
  const error = convertError(() => toServerCalendar(task, 'text/x-vcalendar', { ...deterministic, component: 'VEVENT' }));
  assert.equal(error.kind, 'unsupported-format');
  assert.equal(error.message, 'expected an event (VEVENT), the item is a task (VTODO)');
  assert.doesNotThrow(() => toServerCalendar(task, 'text/x-vcalendar', { ...deterministic, component: 'VTODO' }));
});

test('two events in one item', () => {
  const two = vcal('BEGIN:VEVENT\r\nSUMMARY:a\r\nDTSTART:20261126T100000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:b\r\nDTSTART:20261127T100000Z\r\nEND:VEVENT\r\n');
  const error = convertError(() => toServerCalendar(two, 'text/x-vcalendar', deterministic));
  assert.equal(error.kind, 'malformed');
  assert.equal(error.message, 'the item holds 2 separate events; a calendar resource holds one');
});

test('an event and a task in one item', () => {
  const mixed = vcal('BEGIN:VEVENT\r\nDTSTART:20261126T100000Z\r\nEND:VEVENT\r\nBEGIN:VTODO\r\nSUMMARY:b\r\nEND:VTODO\r\n');
  const error = convertError(() => toServerCalendar(mixed, 'text/x-vcalendar', deterministic));
  assert.equal(error.kind, 'malformed');
  assert.equal(error.message, 'the item mixes VEVENT and VTODO; a calendar resource holds one kind of component');
});

test('an event without a start', () => {
  const error = convertError(() => toServerCalendar(vcal('BEGIN:VEVENT\r\nSUMMARY:When?\r\nDTSTART:tomorrow\r\nEND:VEVENT\r\n'), 'text/x-vcalendar', deterministic));
  assert.equal(error.kind, 'malformed');
  assert.equal(error.message, 'the event has no start time (DTSTART)');
});

test('iCalendar that cannot be read', () => {
  const broken = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nthis line has no colon\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
  const error = convertError(() => toServerCalendar(broken, 'text/calendar', deterministic));
  assert.equal(error.kind, 'malformed');
  assert.match(error.message, /^the iCalendar object cannot be read: /);
});

test('a stored item that is not a calendar', () => {
  assert.equal(convertError(() => toClientCalendar('garbage', 'text/x-vcalendar')).kind, 'unsupported-format');
  assert.equal(convertError(() => toClientCalendar('garbage', 'text/calendar')).kind, 'unsupported-format');
  assert.equal(calendarUid('garbage'), undefined);
  assert.equal(calendarComponentOf('garbage'), undefined);
});

test('notes: a vNote announced, something else sent', () => {
  const error = convertError(() => toServerNote('<note>hello</note>', 'text/x-vnote', deterministic));
  assert.equal(error.kind, 'unsupported-format');
  assert.equal(error.message, 'the item is not a vNote: no BEGIN:VNOTE line (it starts with "<note>hello</note>")');
  assert.equal(convertError(() => toServerNote('', 'text/x-vnote')).message, 'the item is empty, expected a vNote');
});

test('notes: an event sent to a notes store', () => {
  const event = vcal('BEGIN:VEVENT\r\nDTSTART:20261126T100000Z\r\nEND:VEVENT\r\n');
  assert.equal(convertError(() => toServerNote(event, 'text/calendar', deterministic)).message, 'expected a journal entry (VJOURNAL), the item is an event (VEVENT)');
  const empty = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nEND:VCALENDAR\r\n';
  assert.equal(convertError(() => toClientNote(empty, 'text/x-vnote')).message, 'the calendar holds no journal entry (no VJOURNAL)');
});
