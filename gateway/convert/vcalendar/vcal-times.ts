// How one vCalendar 1.0 item's times become iCalendar times: all-day dates, UTC, floating, or the declared zone.
import ICAL from 'ical.js';
import { allDayDate, wallTime } from './vcal-all-day.ts';
import { icalTimeOf, isFloating, type VcalDateTime } from './vcal-date-time.ts';
import type { DeclaredZone } from './vcal-timezone.ts';

/** The time rules of one component. */
export interface ItemTimes {
  zone: DeclaredZone | undefined;
  /** UTC values become times in the declared zone (for recurring items, so they repeat at the same wall-clock time). */
  zoneForUtc: boolean;
  allDay: boolean;
  /** Tasks: a floating midnight DUE or DTSTART is a date (phones keep a due day, not a time). */
  midnightIsDate: boolean;
  /** Set when a time used the declared zone, so its VTIMEZONE is needed. */
  zoneUsed: boolean;
}

const midnight = (value: VcalDateTime): boolean => value.hour === 0 && value.minute === 0 && value.second === 0;

/**
 * The iCalendar value of DTSTART, DUE, EXDATE, RDATE or RECURRENCE-ID (and DTEND, with `endAfter`).
 * - all-day items: DATE values;
 * - UTC values stay UTC, or become the declared zone's time for recurring items;
 * - wall-clock values are in the declared zone, or floating when none is declared.
 */
export function itemTime(value: VcalDateTime, times: ItemTimes, endAfter?: ICAL.Time): ICAL.Time {
  if (times.allDay) return allDayDate(value, times.zone?.timezone, endAfter ? { after: endAfter } : undefined);
  if (value.dateOnly || (times.midnightIsDate && !value.utc && midnight(value))) return icalTimeOf({ ...value, dateOnly: true });
  if (times.zone && (!value.utc || times.zoneForUtc)) {
    times.zoneUsed = true;
    return value.utc ? icalTimeOf(value).convertToZone(times.zone.timezone) : icalTimeOf(value, times.zone.timezone);
  }
  return icalTimeOf(value);
}

/** CREATED, LAST-MODIFIED, COMPLETED, DTSTAMP must be UTC (RFC 5545 section 3.8.7): wall-clock values are read in the declared zone, else as UTC. */
export function utcTime(value: VcalDateTime, times: ItemTimes): ICAL.Time {
  if (value.utc) return icalTimeOf(value);
  if (times.zone) return icalTimeOf({ ...value, dateOnly: false }, times.zone.timezone).convertToZone(ICAL.Timezone.utcTimezone);
  return icalTimeOf({ ...value, dateOnly: false, utc: true });
}

/**
 * An alarm's run time, comparable with `base` (DTSTART or DUE): for floating and all-day items
 * the wall-clock time (in the declared zone), for the others the instant.
 */
export function alarmTime(value: VcalDateTime, base: ICAL.Time | undefined, times: ItemTimes): ICAL.Time {
  if (base && isFloating(base) && times.zone) {
    const wall = wallTime(value, times.zone.timezone);
    return ICAL.Time.fromData({ year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute, second: wall.second });
  }
  if (value.utc || !times.zone || (base && isFloating(base))) return icalTimeOf({ ...value, dateOnly: false });
  return icalTimeOf({ ...value, dateOnly: false }, times.zone.timezone);
}

/**
 * The UNTIL of a vCalendar end date, in the form RFC 5545 section 3.3.10 asks for: a DATE for
 * all-day series, floating for floating ones, else UTC. A midnight end date (`20261231T000000`,
 * what phones write for "until 31 December") includes that day's occurrence: it becomes that
 * date at the series' start time.
 */
export function untilTime(end: VcalDateTime, start: ICAL.Time, times: ItemTimes): ICAL.Time {
  if (start.isDate) return allDayDate(end, times.zone?.timezone);
  let until: ICAL.Time;
  if (end.dateOnly || midnight(end)) {
    until = start.clone();
    until.year = end.year;
    until.month = end.month;
    until.day = end.day;
  } else {
    until = itemTime(end, { ...times, allDay: false, midnightIsDate: false });
  }
  return isFloating(until) ? until : until.convertToZone(ICAL.Timezone.utcTimezone);
}
