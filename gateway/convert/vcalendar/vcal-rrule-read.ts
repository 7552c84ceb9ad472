// vCalendar 1.0 recurrence rules (vCalendar 1.0 section 3.8: `D1 #10`, `W2 MO TU 20261231T000000`, `MP1 1+ MO #0`) -> RRULE.
import ICAL from 'ical.js';
import { parseVcalDateTime, type VcalDateTime } from './vcal-date-time.ts';

/** What reading a rule needs: the item's DTSTART, and how to turn the end date into an UNTIL. */
export interface RuleContext {
  dtstart: ICAL.Time;
  until: (end: VcalDateTime) => ICAL.Time;
}

const frequencies: Record<string, string> = { D: 'DAILY', W: 'WEEKLY', MP: 'MONTHLY', MD: 'MONTHLY', YM: 'YEARLY', YD: 'YEARLY', M: 'MINUTELY' };
const weekdayNames = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const maxOccurrences = 5000;

interface ParsedRule {
  kind: string;
  interval: number;
  list: string[];
  count: number | undefined;
  end: VcalDateTime | undefined;
}

/** Splits the first rule of `text` into its parts; a second rule, if any, is not read. */
function parseRule(text: string): ParsedRule | undefined {
  const tokens = text.trim().toUpperCase().replace(/\$/g, '').split(/\s+/);
  const head = /^(MP|MD|YM|YD|D|W|M)(\d+)$/.exec(tokens[0] ?? '');
  if (!head || Number(head[2]) < 1) return undefined;
  const rule: ParsedRule = { kind: head[1]!, interval: Number(head[2]), list: [], count: undefined, end: undefined };
  for (const token of tokens.slice(1)) {
    if (/^(MP|MD|YM|YD|D|W|M)\d+$/.test(token)) break;
    const count = /^#(\d+)$/.exec(token);
    const end = /^\d{8}/.test(token) ? parseVcalDateTime(token) : undefined;
    if (count) rule.count = Number(count[1]);
    else if (end) rule.end = end;
    else if (token !== '') rule.list.push(token);
  }
  return rule;
}

function weekdayOf(time: ICAL.Time): string {
  return weekdayNames[time.dayOfWeek() - 1]!;
}

/** MP lists: occurrences (`1+`, `2-`) apply to the weekdays that follow them. */
function monthlyByDay(list: readonly string[], dtstart: ICAL.Time): string[] {
  const byday: string[] = [];
  let positions: number[] = [];
  let weekdaySeen = true;
  for (const token of list) {
    const position = /^([1-5])([+-]?)$/.exec(token);
    if (position) {
      if (weekdaySeen) positions = [];
      weekdaySeen = false;
      positions.push(position[2] === '-' ? -Number(position[1]) : Number(position[1]));
    } else if (weekdayNames.includes(token)) {
      weekdaySeen = true;
      for (const p of positions.length > 0 ? positions : [1]) byday.push(`${p}${token}`);
    }
  }
  if (!weekdaySeen) for (const p of positions) byday.push(`${p}${weekdayOf(dtstart)}`);
  if (byday.length === 0) {
    const nth = Math.ceil(dtstart.day / 7);
    byday.push(`${nth === 5 ? -1 : nth}${weekdayOf(dtstart)}`);
  }
  return byday;
}

/** MD and YD lists: `5`, `5+`, `1-` (last), `LD` (last day). */
function dayNumbers(list: readonly string[]): number[] {
  return list.flatMap((token) => {
    if (token === 'LD') return [-1];
    const match = /^(\d{1,3})([+-]?)$/.exec(token);
    return match && Number(match[1]) > 0 ? [match[2] === '-' ? -Number(match[1]) : Number(match[1])] : [];
  });
}

function partsOf(rule: ParsedRule, dtstart: ICAL.Time): Record<string, unknown> {
  switch (rule.kind) {
    case 'W': {
      const days = rule.list.filter((token) => weekdayNames.includes(token));
      return days.length > 0 ? { byday: days } : {};
    }
    case 'MP':
      return { byday: monthlyByDay(rule.list, dtstart) };
    case 'MD': {
      const days = dayNumbers(rule.list);
      return days.length > 0 ? { bymonthday: days } : {};
    }
    case 'YM': {
      const months = dayNumbers(rule.list).filter((month) => month > 0 && month <= 12);
      return months.length > 0 ? { bymonth: months } : {};
    }
    case 'YD': {
      const days = dayNumbers(rule.list);
      return days.length > 0 ? { byyearday: days } : {};
    }
    default:
      return {};
  }
}

/** First day after the `count`-th repetition of the interval (vCalendar counts intervals, RRULE occurrences). */
function periodEnd(rule: ParsedRule, dtstart: ICAL.Time, count: number): number {
  const span = (count - 1) * rule.interval + 1;
  if (rule.kind === 'W') {
    const monday = Date.UTC(dtstart.year, dtstart.month - 1, dtstart.day - ((dtstart.dayOfWeek() + 5) % 7));
    return monday + span * 7 * 86_400_000;
  }
  if (rule.kind === 'MP' || rule.kind === 'MD') return Date.UTC(dtstart.year, dtstart.month - 1 + span, 1);
  return Date.UTC(dtstart.year + span, 0, 1);
}

/** Occurrences of `recur` from `dtstart` while `before(occurrence)` holds, at most `limit`. */
function countOccurrences(recur: ICAL.Recur, dtstart: ICAL.Time, before: (time: ICAL.Time) => boolean, limit = maxOccurrences): number {
  const iterator = recur.iterator(dtstart);
  let count = 0;
  for (let next = iterator.next(); next && before(next) && count < limit; next = iterator.next()) count++;
  return count;
}

const dayMs = (time: ICAL.Time): number => Date.UTC(time.year, time.month - 1, time.day);

/**
 * The RRULE for a vCalendar 1.0 rule, or undefined when it cannot be read.
 * - `#n` counts repetitions of the interval; where one interval can hold several occurrences
 *   (`W1 MO TU #5`), the occurrences in those intervals are counted for COUNT.
 * - `#0` repeats forever; with neither count nor end date the rule applies twice (the
 *   vCalendar default of `#2`, which libsynthesis follows too).
 * - With both, whichever ends the series first is kept.
 */
export function readVcalRule(text: string, context: RuleContext): ICAL.Recur | undefined {
  const rule = parseRule(text);
  if (!rule) return undefined;
  const { dtstart } = context;
  const base = { freq: frequencies[rule.kind]!, ...(rule.interval > 1 ? { interval: rule.interval } : {}), ...partsOf(rule, dtstart) };
  const open = ICAL.Recur.fromData(base);
  const count = rule.count ?? (rule.end ? undefined : 2);
  let occurrences: number | undefined;
  if (count !== undefined && count > 0) {
    const listed = Object.values(partsOf(rule, dtstart))[0] as unknown[] | undefined;
    const single = rule.kind === 'D' || rule.kind === 'M' || (listed?.length ?? 0) <= 1;
    const end = periodEnd(rule, dtstart, count);
    occurrences = single ? count : Math.max(1, countOccurrences(open, dtstart, (t) => dayMs(t) < end));
  }
  if (!rule.end) return occurrences === undefined ? open : ICAL.Recur.fromData({ ...base, count: occurrences });
  const until = context.until(rule.end);
  if (occurrences !== undefined) {
    const untilMs = until.toUnixTime();
    const byUntil = countOccurrences(open, dtstart, (t) => t.toUnixTime() <= untilMs, occurrences + 1);
    if (byUntil >= occurrences) return ICAL.Recur.fromData({ ...base, count: occurrences });
  }
  return ICAL.Recur.fromData({ ...base, until });
}
