// What SyncEvolution (libsynthesis) really sends in vCalendar 1.0: relative alarm run times,
// the same reminder as AALARM and DALARM, and TZ:+00:00 with DAYLIGHT:FALSE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toServerCalendar } from '../../../gateway/convert/vcalendar/index.ts';

const sent = [
  'BEGIN:VCALENDAR', 'VERSION:1.0', 'TZ:+00:00', 'DAYLIGHT:FALSE', 'BEGIN:VEVENT', 'UID:p1', 'SUMMARY:Team meeting',
  'DTSTART:20261202T090000Z', 'RRULE:W1 20270203T090000Z', 'DTEND:20261202T100000Z',
  'AALARM:-PT15M;;;Team meeting', 'DALARM:-PT15M;;;Team meeting', 'END:VEVENT', 'END:VCALENDAR', '',
].join('\r\n');

test('a relative run time becomes one relative VALARM; UTC stays UTC', () => {
  const stored = toServerCalendar(sent, 'text/x-vcalendar');
  assert.equal(stored.match(/BEGIN:VALARM/g)?.length, 1);
  assert.match(stored, /BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M/);
  assert.match(stored, /DTSTART:20261202T090000Z/);
  assert.doesNotMatch(stored, /VTIMEZONE/);
});
