// RRULE -> vCalendar 1.0 recurrence rule (vCalendar 1.0 section 3.8), for the rules 1.0 can express.
import ICAL from 'ical.js';
import { formatVcalTime } from './vcal-date-time.ts';

const weekdayNames = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const unsupportedParts = ['BYSETPOS', 'BYHOUR', 'BYMINUTE', 'BYSECOND', 'BYWEEKNO'];

interface Shape {
  head: string;
  list: string[];
}

function listed(parts: Record<string, unknown[]>, name: string): string[] {
  return (parts[name] ?? []).map(String);
}

/** `1MO` -> `1+ MO`, `-1FR` -> `1- FR`; undefined for a weekday without a position. */
function positioned(byday: string): string | undefined {
  const match = /^([+-]?)([1-5])([A-Z]{2})$/.exec(byday);
  return match ? `${match[2]}${match[1] === '-' ? '-' : '+'} ${match[3]}` : undefined;
}

function monthDay(day: string): string {
  return day.startsWith('-') ? `${day.slice(1)}-` : day;
}

/** The rule without its end, or undefined when 1.0 has no way to say it. */
function shapeOf(recur: ICAL.Recur, dtstart: ICAL.Time): Shape | undefined {
  const parts = recur.parts as Record<string, unknown[]>;
  if (unsupportedParts.some((name) => (parts[name]?.length ?? 0) > 0)) return undefined;
  const interval = recur.interval || 1;
  const byday = listed(parts, 'BYDAY');
  const bymonthday = listed(parts, 'BYMONTHDAY');
  const bymonth = listed(parts, 'BYMONTH');
  const byyearday = listed(parts, 'BYYEARDAY');
  const plainDays = byday.every((day) => weekdayNames.includes(day));
  switch (recur.freq) {
    case 'MINUTELY':
    case 'HOURLY':
      if (byday.length + bymonthday.length + bymonth.length + byyearday.length > 0) return undefined;
      return { head: `M${recur.freq === 'HOURLY' ? interval * 60 : interval}`, list: [] };
    case 'DAILY':
      if (bymonthday.length + bymonth.length + byyearday.length > 0 || !plainDays) return undefined;
      if (byday.length > 0) return interval === 1 ? { head: 'W1', list: byday } : undefined;
      return { head: `D${interval}`, list: [] };
    case 'WEEKLY':
      if (bymonthday.length + bymonth.length + byyearday.length > 0 || !plainDays) return undefined;
      return { head: `W${interval}`, list: byday };
    case 'MONTHLY': {
      if (bymonth.length + byyearday.length > 0 || (byday.length > 0 && bymonthday.length > 0)) return undefined;
      if (byday.length > 0) {
        const pairs = byday.map(positioned);
        return pairs.every((pair) => pair !== undefined) ? { head: `MP${interval}`, list: pairs as string[] } : undefined;
      }
      return { head: `MD${interval}`, list: (bymonthday.length > 0 ? bymonthday : [String(dtstart.day)]).map(monthDay) };
    }
    case 'YEARLY': {
      if (byyearday.length > 0) {
        return byday.length + bymonthday.length + bymonth.length > 0 ? undefined : { head: `YD${interval}`, list: byyearday.map(monthDay) };
      }
      if (byday.length > 0) {
        // "4th Thursday of November" is MP12 4+ TH when the series starts in November.
        const pair = byday.length === 1 ? positioned(byday[0]!) : undefined;
        const sameMonth = bymonth.length === 0 || (bymonth.length === 1 && Number(bymonth[0]) === dtstart.month);
        return pair && sameMonth && bymonthday.length === 0 ? { head: `MP${interval * 12}`, list: [pair] } : undefined;
      }
      if (bymonthday.length > 1 || (bymonthday.length === 1 && Number(bymonthday[0]) !== dtstart.day)) return undefined;
      return { head: `YM${interval}`, list: bymonth.length > 0 ? bymonth : [String(dtstart.month)] };
    }
    default:
      return undefined;
  }
}

/** True when every interval holds exactly one occurrence, so vCalendar's `#n` equals COUNT. */
function oneOccurrencePerInterval(shape: Shape): boolean {
  return /^[DM]\d/.test(shape.head) || shape.list.length <= 1;
}

/** The start of the `count`-th occurrence (occurrences are counted from DTSTART, RFC 5545 section 3.3.10). */
function lastOccurrence(recur: ICAL.Recur, dtstart: ICAL.Time, count: number): ICAL.Time | undefined {
  const iterator = recur.iterator(dtstart);
  let last: ICAL.Time | undefined;
  for (let index = 0; index < count; index++) {
    const next = iterator.next();
    if (!next) break;
    last = next.clone();
  }
  return last;
}

/** The end date token: the UNTIL, moved off midnight when 1.0 would read that midnight as "the whole day". */
function endDate(until: ICAL.Time, dtstart: ICAL.Time): string {
  const text = formatVcalTime(until);
  const startsAtMidnight = /T000000Z?$/.test(formatVcalTime(dtstart));
  if (until.isDate || startsAtMidnight || !/T000000Z?$/.test(text)) return text;
  const earlier = until.clone();
  earlier.second -= 1;
  return formatVcalTime(earlier);
}

/**
 * The vCalendar 1.0 form of `recur` for a series starting at `dtstart`, or undefined when 1.0
 * cannot express it (BYSETPOS, BYHOUR, several weekdays per month without positions, ...).
 * A COUNT that 1.0 would read as a number of intervals becomes the date of the last occurrence;
 * an open end is `#0`. End dates are written as UTC for zoned series, wall time for floating ones.
 */
export function writeVcalRule(recur: ICAL.Recur, dtstart: ICAL.Time): string | undefined {
  const shape = shapeOf(recur, dtstart);
  if (!shape) return undefined;
  let end = '#0';
  if (recur.until) end = endDate(recur.until, dtstart);
  else if (recur.count) {
    const last = oneOccurrencePerInterval(shape) ? undefined : lastOccurrence(recur, dtstart, recur.count);
    end = last ? endDate(last, dtstart) : `#${recur.count}`;
  }
  return [shape.head, ...shape.list, end].join(' ');
}
