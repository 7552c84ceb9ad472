// Replays SyncEvolution's iCalendar corpus: client iCalendar -> server copy -> iCalendar, and through a vCalendar 1.0 phone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toClientCalendar, toServerCalendar } from '../../../gateway/convert/vcalendar/index.ts';
import { assertValidServerCalendar, corpusItems, deterministic, userView } from './calendar-support.ts';

const files = ['eds_event.ics', 'eds_event-alarms-2010-12-31.ics', 'google_event.ics', 'eds_task.ics', 'eds_memo.ics'];

for (const file of files) {
  describe(`${file} (text/calendar)`, () => {
    for (const item of corpusItems(file)) {
      test(item.name, () => {
        const expected = userView(item.text);
        const server = toServerCalendar(item.text, 'text/calendar', deterministic);
        assertValidServerCalendar(server);
        assert.deepEqual(userView(server), expected, 'the server copy shows what the client sent');
        const back = toClientCalendar(server, 'text/calendar');
        assert.deepEqual(userView(back), expected, 'the client gets back what it sent');
        assert.equal(toServerCalendar(back, 'text/calendar', deterministic), server, 'storing it again changes nothing');
      });
    }
  });

  describe(`${file} through a vCalendar 1.0 phone and back`, () => {
    for (const item of corpusItems(file)) {
      test(item.name, () => {
        const server = toServerCalendar(item.text, 'text/calendar', deterministic);
        const phone = toClientCalendar(server, 'text/x-vcalendar');
        assert.match(phone, /^BEGIN:VCALENDAR\r\nVERSION:1\.0\r\n/);
        assert.doesNotMatch(phone.replace(/\r\n/g, ''), /[\r\n]/, 'CRLF line ends');
        const again = toServerCalendar(phone, 'text/x-vcalendar', deterministic);
        assertValidServerCalendar(again);
        assert.deepEqual(userView(again), userView(server), 'what the phone sends back means the same');
      });
    }
  });
}
