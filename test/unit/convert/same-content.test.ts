// Slow-sync equality of stored items: what a server re-serialised, or a client re-stamped, is
// still the same item; any change a user could see is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameVersitContent } from '../../../gateway/convert/versit/same-content.ts';

const sent = [
  'BEGIN:VCARD', 'VERSION:3.0', 'N:Resume000;Jürgen;;;', 'FN:Jürgen Resume000', 'TEL;TYPE=CELL:+49 170 555000',
  'NOTE:Note for 000\\, with an accent: café', 'UID:2260d712', 'REV:20261126T101500Z', 'END:VCARD', '',
].join('\r\n');
// The same card as Radicale keeps it: properties sorted, another REV (the client stamps each send).
const storedByRadicale = [
  'BEGIN:VCARD', 'VERSION:3.0', 'UID:2260d712', 'FN:Jürgen Resume000', 'N:Resume000;Jürgen;;;',
  'NOTE:Note for 000\\, with an accent: ca', ' fé', 'REV:20100328T103410Z', 'TEL;TYPE=CELL:+49 170 555000', 'END:VCARD', '',
].join('\r\n');

test('order, folding, line endings and REV do not make a card different', () => {
  assert.ok(sameVersitContent(sent, storedByRadicale));
  assert.ok(sameVersitContent(sent.replace(/\r\n/g, '\n'), storedByRadicale));
  assert.ok(sameVersitContent(sent.replace('REV:20261126T101500Z\r\n', ''), storedByRadicale));
});

test('a changed value, an added or a removed property does', () => {
  assert.ok(!sameVersitContent(sent.replace('555000', '555001'), storedByRadicale));
  assert.ok(!sameVersitContent(sent.replace('END:VCARD', 'EMAIL:j@example.com\r\nEND:VCARD'), storedByRadicale));
  assert.ok(!sameVersitContent(sent.replace('TEL;TYPE=CELL:+49 170 555000\r\n', ''), storedByRadicale));
  assert.ok(!sameVersitContent(sent.replace('TYPE=CELL', 'TYPE=HOME'), storedByRadicale));
});

const event = (alarmSummary: string, dtstamp: string) =>
  [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//one//EN', 'BEGIN:VEVENT', 'UID:e1', `DTSTAMP:${dtstamp}`, 'DTSTART:20261201T100000Z',
    'SUMMARY:Meeting', 'BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${alarmSummary}`, 'TRIGGER:-PT15M', 'END:VALARM', 'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n');

test('calendar items: DTSTAMP and PRODID are stamps, nested components keep their own lines', () => {
  const other = event('Reminder', '20270101T000000Z').replace('PRODID:-//one//EN', 'PRODID:-//two//EN');
  assert.ok(sameVersitContent(event('Reminder', '20261126T100000Z'), other));
  assert.ok(!sameVersitContent(event('Reminder', '20261126T100000Z'), event('Other text', '20261126T100000Z')));
  // A line moved from the alarm to the event is a different item, though the lines are the same.
  const moved = event('Reminder', '20261126T100000Z').replace('SUMMARY:Meeting\r\n', '').replace('TRIGGER:-PT15M', 'TRIGGER:-PT15M\r\nSUMMARY:Meeting');
  assert.ok(!sameVersitContent(event('Reminder', '20261126T100000Z'), moved));
});
