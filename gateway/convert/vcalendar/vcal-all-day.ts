// Decides whether a vCalendar 1.0 event is an all-day event: 1.0 has no date-only DTSTART in practice.
import ICAL from 'ical.js';
import { icalTimeOf, type VcalDateTime } from './vcal-date-time.ts';

/** The wall-clock time of a value: UTC values in the declared zone when there is one. */
export function wallTime(value: VcalDateTime, zone: ICAL.Timezone | undefined): ICAL.Time {
  const time = icalTimeOf({ ...value, dateOnly: false }, zone);
  return value.utc && zone ? time.convertToZone(zone) : time;
}

const isMidnight = (time: ICAL.Time): boolean => time.hour === 0 && time.minute === 0 && time.second === 0;
const isLastMinute = (time: ICAL.Time): boolean => time.hour === 23 && time.minute === 59;
const dayNumber = (time: ICAL.Time): number => Date.UTC(time.year, time.month - 1, time.day) / 86_400_000;

/**
 * True when the event spans whole days: a date-only DTSTART, or a start at midnight with an end
 * at a later midnight (`T240000` included) or at 23:59 of the same or a later day, all read as
 * wall-clock time. Phones write all-day events this way in floating time, in the declared zone,
 * or as UTC midnights (Symbian's `X-EPOCAGENDAENTRYTYPE:EVENT`); UTC midnights are only all-day
 * when no zone is declared, since otherwise they are a real instant in that zone.
 */
export function isAllDay(start: VcalDateTime | undefined, end: VcalDateTime | undefined, zone: ICAL.Timezone | undefined): boolean {
  if (!start) return false;
  if (start.dateOnly) return true;
  const from = wallTime(start, zone);
  if (!isMidnight(from) || !end) return false;
  if (end.dateOnly) return true;
  const to = wallTime(end, zone);
  return (isMidnight(to) && dayNumber(to) > dayNumber(from)) || (isLastMinute(to) && dayNumber(to) >= dayNumber(from));
}

/**
 * The DATE an all-day DTSTART or DTEND stands for. DTEND is exclusive in iCalendar, so an end
 * at 23:59 means the next day, and so does a date-only end on the start day (`DTSTART:20261126`
 * `DTEND:20261126`, a one-day event as phones that write dates mean it).
 */
export function allDayDate(value: VcalDateTime, zone: ICAL.Timezone | undefined, end?: { after: ICAL.Time }): ICAL.Time {
  const wall = value.dateOnly ? icalTimeOf(value) : wallTime(value, zone);
  const date = ICAL.Time.fromData({ year: wall.year, month: wall.month, day: wall.day, isDate: true });
  const nextDay = value.dateOnly ? end !== undefined && date.compare(end.after) <= 0 : end !== undefined && !isMidnight(wall);
  if (nextDay) date.adjust(1, 0, 0, 0);
  return date;
}
