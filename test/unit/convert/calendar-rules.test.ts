// Recurrence rules between vCalendar 1.0 (section 3.8 grammar) and RRULE, both ways, through the public converters.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toClientCalendar, toServerCalendar } from '../../../gateway/convert/vcalendar/index.ts';
import { deterministic } from './calendar-support.ts';

function line(text: string, name: string): string | undefined {
  return new RegExp(`\\r\\n${name}(?:;[^:\\r\\n]*)?:([^\\r\\n]*)\\r\\n`).exec(text)?.[1];
}

/** An RRULE with its parts in a fixed order (their order carries no meaning). */
function sorted(rrule: string | undefined): string | undefined {
  return rrule?.split(';').sort().join(';');
}

/** The RRULE the server stores for a phone's rule, for an event starting at `start` (floating unless it ends in Z). */
function fromPhone(rule: string, start = '20260907T183000'): string | undefined {
  const item = `BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VEVENT\r\nDTSTART:${start}\r\nRRULE:${rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
  return sorted(line(toServerCalendar(item, 'text/x-vcalendar', deterministic), 'RRULE'));
}

/** The vCalendar 1.0 rule a phone gets for an RRULE on an event starting at `start`. */
function toPhone(rrule: string, start = 'DTSTART:20260907T183000'): string | undefined {
  const item = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:r\r\n${start}\r\nRRULE:${rrule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
  return line(toClientCalendar(item, 'text/x-vcalendar'), 'RRULE');
}

describe('vCalendar 1.0 -> RRULE', () => {
  const cases: [string, string, string?][] = [
    ['D1 #10', 'FREQ=DAILY;COUNT=10'],
    ['D2 #0', 'FREQ=DAILY;INTERVAL=2'],
    ['D1', 'FREQ=DAILY;COUNT=2'], // no count, no end date: the vCalendar default #2
    ['W2 MO TU 20261231T000000', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU;UNTIL=20261231T183000'], // the end day is included
    ['W1 MO WE FR #4', 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=12'], // #4 counts weeks
    ['W1 #0', 'FREQ=WEEKLY'],
    ['MP1 1+ MO #0', 'FREQ=MONTHLY;BYDAY=1MO'],
    ['MP1 1- FR #0', 'FREQ=MONTHLY;BYDAY=-1FR'],
    ['MP2 2+ TU TH 1- FR #0', 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU,2TH,-1FR'],
    ['MD1 1+ #0', 'FREQ=MONTHLY;BYMONTHDAY=1'],
    ['MD1 1 15 #6', 'FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=12', '20260901T183000'], // #6 counts months
    ['MD1 LD #0', 'FREQ=MONTHLY;BYMONTHDAY=-1'],
    ['MD1 #0', 'FREQ=MONTHLY'],
    ['YM1 6 #5', 'FREQ=YEARLY;BYMONTH=6;COUNT=5'],
    ['YM1 6 12 #2', 'FREQ=YEARLY;BYMONTH=6,12;COUNT=4', '20260607T183000'],
    ['YM1 6 12 #2', 'FREQ=YEARLY;BYMONTH=6,12;COUNT=3'], // from September: December, June, December
    ['YD1 100 #3', 'FREQ=YEARLY;BYYEARDAY=100;COUNT=3'],
    ['M30 #4', 'FREQ=MINUTELY;INTERVAL=30;COUNT=4'],
    ['D1 #5 20260909T000000', 'FREQ=DAILY;UNTIL=20260909T183000'], // whichever ends first
    ['D1 #2 20261231T000000', 'FREQ=DAILY;COUNT=2'],
  ];
  for (const [rule, expected, start] of cases) test(`${rule}${start ? ` from ${start}` : ''}`, () => assert.equal(fromPhone(rule, start), sorted(expected)));
  test('MP1 #0 repeats on the start\'s weekday and position', () => {
    assert.equal(fromPhone('MP1 #0', '20260915T183000'), sorted('FREQ=MONTHLY;BYDAY=3TU'));
    assert.equal(fromPhone('MP1 #0', '20260929T183000'), sorted('FREQ=MONTHLY;BYDAY=-1TU'));
  });
  test('UTC series: the end date becomes a UTC UNTIL at the start time', () => {
    assert.equal(fromPhone('W1 TH 20060427T000000Z', '20060406T170000Z'), sorted('FREQ=WEEKLY;BYDAY=TH;UNTIL=20060427T170000Z'));
  });
  test('all-day series: the end date is a DATE', () => {
    const item = 'BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VEVENT\r\nDTSTART:20261126T000000\r\nDTEND:20261127T000000\r\nRRULE:W1 TH 20261217T000000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    assert.equal(sorted(line(toServerCalendar(item, 'text/x-vcalendar', deterministic), 'RRULE')), sorted('FREQ=WEEKLY;BYDAY=TH;UNTIL=20261217'));
  });
  test('a rule that cannot be read is kept, not lost', () => {
    const item = 'BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VEVENT\r\nDTSTART:20261126T100000\r\nRRULE:Q1 #3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    const server = toServerCalendar(item, 'text/x-vcalendar', deterministic);
    assert.equal(line(server, 'RRULE'), undefined);
    assert.equal(line(server, 'X-VCALENDAR-RRULE'), 'Q1 #3');
  });
});

describe('RRULE -> vCalendar 1.0', () => {
  const cases: [string, string | undefined][] = [
    ['FREQ=DAILY;COUNT=10', 'D1 #10'],
    ['FREQ=DAILY;INTERVAL=3', 'D3 #0'],
    ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', 'W1 MO TU WE TH FR #0'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU;UNTIL=20261231T235959', 'W2 MO TU 20261231T235959'],
    ['FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=6', 'W1 MO WE FR 20260918T183000'], // several a week: the last one's date, not #6
    ['FREQ=WEEKLY;COUNT=3', 'W1 #3'],
    ['FREQ=MONTHLY;BYDAY=-1FR', 'MP1 1- FR #0'],
    ['FREQ=MONTHLY;BYDAY=1MO,3MO;COUNT=4', 'MP1 1+ MO 3+ MO 20261019T183000'],
    ['FREQ=MONTHLY;BYMONTHDAY=1,-1', 'MD1 1 1- #0'],
    ['FREQ=MONTHLY', 'MD1 7 #0'],
    ['FREQ=YEARLY', 'YM1 9 #0'],
    ['FREQ=YEARLY;BYMONTH=9;BYDAY=1MO', 'MP12 1+ MO #0'],
    ['FREQ=YEARLY;INTERVAL=2;BYYEARDAY=250;COUNT=2', 'YD2 250 #2'],
    ['FREQ=HOURLY;INTERVAL=2;COUNT=5', 'M120 #5'],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', undefined],
    ['FREQ=MONTHLY;BYDAY=MO', undefined],
    ['FREQ=DAILY;UNTIL=20261001T000000', 'D1 20260930T235959'], // a midnight end date would read as "including 1 October"
  ];
  for (const [rrule, expected] of cases) test(rrule, () => assert.equal(toPhone(rrule), expected));
  test('zoned series: the end date in UTC', () => {
    const zone = 'BEGIN:VTIMEZONE\r\nTZID:UTC+2\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0200\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n';
    const item = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n${zone}BEGIN:VEVENT\r\nUID:z\r\nDTSTART;TZID=UTC+2:20260907T183000\r\nRRULE:FREQ=DAILY;COUNT=3;BYDAY=MO,TU,WE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
    const phone = toClientCalendar(item, 'text/x-vcalendar');
    assert.equal(line(phone, 'DTSTART'), '20260907T163000Z');
    assert.equal(line(phone, 'RRULE'), 'W1 MO TU WE 20260909T163000Z');
  });
});
