// vCalendar 1.0 date-times (ISO 8601 basic: 20261126T100000Z, 20261126T100000, 20261126) <-> ical.js times.
import ICAL from 'ical.js';

/** A date-time as written: wall-clock fields, whether it is UTC (`Z`) and whether it has a time at all. */
export interface VcalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  utc: boolean;
  dateOnly: boolean;
}

// Basic or extended ISO 8601, seconds optional, fractions ignored; `T240000` is read as the next midnight.
const pattern = /^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?(Z)?)?$/i;

/** Parses one vCalendar date or date-time; undefined when it is neither. */
export function parseVcalDateTime(text: string): VcalDateTime | undefined {
  const match = pattern.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((index) => Number(match[index] ?? 0)) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  return { year, month, day, hour, minute, second, utc: match[7] !== undefined, dateOnly: match[4] === undefined };
}

/**
 * The ical.js time of a vCalendar value: a date for date-only values, UTC for `Z` values, else
 * wall-clock time in `zone` (floating when there is none). `24:00` becomes the next day's 00:00.
 */
export function icalTimeOf(value: VcalDateTime, zone?: ICAL.Timezone): ICAL.Time {
  if (value.dateOnly) return ICAL.Time.fromData({ year: value.year, month: value.month, day: value.day, isDate: true });
  const { year, month, day, hour, minute, second } = value;
  const time = ICAL.Time.fromData({ year, month, day, hour, minute, second: Math.min(second, 59) }, value.utc ? ICAL.Timezone.utcTimezone : zone);
  return time;
}

/** True for a time in UTC. */
export function isUtc(time: ICAL.Time): boolean {
  return time.zone?.tzid === 'UTC';
}

/** True for a floating (local, zone-less) time or a date. */
export function isFloating(time: ICAL.Time): boolean {
  return time.isDate || !time.zone || time.zone.tzid === 'floating';
}

/** Milliseconds since the epoch; floating times and dates are read as if they were UTC. */
export function epochMs(time: ICAL.Time): number {
  if (isFloating(time)) return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  return time.toUnixTime() * 1000;
}

/** The UTC time of an instant. */
export function utcTimeOf(ms: number): ICAL.Time {
  return ICAL.Time.fromJSDate(new Date(ms), true);
}

function digits(time: ICAL.Time): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(time.year, 4)}${pad(time.month)}${pad(time.day)}T${pad(time.hour)}${pad(time.minute)}${pad(time.second)}`;
}

/**
 * A time as vCalendar 1.0 writes it: zoned and UTC times in UTC (`20261126T090000Z`), floating
 * ones as wall-clock time, dates as their midnight (`20261126T000000`, what phones read best).
 */
export function formatVcalTime(time: ICAL.Time): string {
  if (time.isDate || isFloating(time)) return digits(time);
  return `${digits(time.convertToZone(ICAL.Timezone.utcTimezone))}Z`;
}
