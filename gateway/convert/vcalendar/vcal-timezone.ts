// vCalendar 1.0 TZ and DAYLIGHT (vCalendar 1.0 section 2.1.2) <-> iCalendar VTIMEZONE.
import ICAL from 'ical.js';
import type { VersitComponent } from '../versit/parse-versit.ts';
import { formatOffset } from './offset-transitions.ts';
import { parseVcalDateTime, type VcalDateTime } from './vcal-date-time.ts';
import { dayOfWeekdayRule, weekdayRuleOf } from './yearly-rule.ts';

/** The zone a vCalendar declares, as a VTIMEZONE and the ical.js zone made from it. */
export interface DeclaredZone {
  tzid: string;
  component: ICAL.Component;
  timezone: ICAL.Timezone;
}

/** `+01`, `-05`, `+05:30`, `+0530` -> minutes east of UTC. */
function parseOffset(text: string | undefined): number | undefined {
  const match = /^\s*([+-]?)(\d{1,2})(?::?(\d{2}))?\s*$/.exec(text ?? '');
  if (!match) return undefined;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

/** A DAYLIGHT time as an instant: UTC as written, local ones in the offset in force before the change. */
function instantOf(value: VcalDateTime, localOffset: number): number {
  const ms = Date.UTC(value.year, value.month - 1, value.day, value.hour, value.minute, value.second);
  return value.utc ? ms : ms - localOffset * 60_000;
}

function observance(kind: string, wall: Date, from: number, to: number, name: string | undefined): ICAL.Component {
  const month = wall.getUTCMonth() + 1;
  const rule = weekdayRuleOf(wall.getUTCFullYear(), month, wall.getUTCDate());
  const component = new ICAL.Component(kind);
  if (name) component.addPropertyWithValue('tzname', name);
  const start = { year: 1970, month, day: dayOfWeekdayRule(1970, month, rule), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: 0 };
  component.addPropertyWithValue('dtstart', ICAL.Time.fromData(start));
  component.addPropertyWithValue('tzoffsetfrom', ICAL.UtcOffset.fromSeconds(from * 60));
  component.addPropertyWithValue('tzoffsetto', ICAL.UtcOffset.fromSeconds(to * 60));
  component.addPropertyWithValue('rrule', ICAL.Recur.fromData({ freq: 'YEARLY', bymonth: [month], byday: [rule] }));
  return component;
}

function fixedZone(offset: number): ICAL.Component {
  const component = new ICAL.Component('standard');
  component.addPropertyWithValue('dtstart', ICAL.Time.fromData({ year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 }));
  component.addPropertyWithValue('tzoffsetfrom', ICAL.UtcOffset.fromSeconds(offset * 60));
  component.addPropertyWithValue('tzoffsetto', ICAL.UtcOffset.fromSeconds(offset * 60));
  return component;
}

/**
 * The zone of a vCalendar's TZ and DAYLIGHT lines, or undefined when it declares none.
 * `DAYLIGHT:TRUE;+02;20260329T010000Z;20261025T010000Z;CET;CEST` gives one year's changes; they
 * become yearly rules ("last Sunday of March at 02:00"), so recurrences keep their wall-clock
 * time in other years too. Of several DAYLIGHT lines, the one of `year` is used. The TZID is
 * made of the names the line gives (`CET/CEST`), else of the offsets (`UTC+0100/+0200`).
 */
export function declaredZone(calendar: VersitComponent, year: number | undefined): DeclaredZone | undefined {
  const tzLine = calendar.properties.find((p) => p.name === 'TZ');
  const daylightLines = calendar.properties
    .filter((p) => p.name === 'DAYLIGHT')
    .map((p) => p.value.split(';').map((field) => field.trim()))
    .filter((fields) => /^TRUE$/i.test(fields[0] ?? '') && parseOffset(fields[1]) !== undefined);
  const daylight = daylightLines.find((fields) => fields[2]?.startsWith(String(year))) ?? daylightLines[0];
  const dstOffset = parseOffset(daylight?.[1]);
  const standard = parseOffset(tzLine?.value) ?? (dstOffset === undefined ? undefined : dstOffset - 60);
  if (standard === undefined) return undefined;
  // `TZ:+00` with no daylight saving is UTC itself: times stay UTC, no zone is made up.
  if (standard === 0 && dstOffset === undefined) return undefined;
  const component = new ICAL.Component('vtimezone');
  const start = parseVcalDateTime(daylight?.[2] ?? '');
  const end = parseVcalDateTime(daylight?.[3] ?? '');
  let tzid: string;
  if (dstOffset === undefined || !start || !end) {
    tzid = `UTC${formatOffset(standard)}`;
    component.addSubcomponent(fixedZone(standard));
  } else {
    const [standardName, daylightName] = [daylight?.[4] || undefined, daylight?.[5] || undefined];
    tzid = standardName && daylightName ? `${standardName}/${daylightName}` : `UTC${formatOffset(standard)}/${formatOffset(dstOffset)}`;
    const daylightWall = new Date(instantOf(start, standard) + standard * 60_000);
    const standardWall = new Date(instantOf(end, dstOffset) + dstOffset * 60_000);
    component.addSubcomponent(observance('daylight', daylightWall, standard, dstOffset, daylightName));
    component.addSubcomponent(observance('standard', standardWall, dstOffset, standard, standardName));
  }
  component.addPropertyWithValue('tzid', tzid);
  return { tzid, component, timezone: new ICAL.Timezone(component) };
}

function vcalOffset(minutes: number): string {
  const text = formatOffset(minutes, ':');
  return text.endsWith(':00') ? text.slice(0, -3) : text;
}

function tznameOf(timezone: ICAL.Timezone, kind: string): string | undefined {
  const name = timezone.component?.getFirstSubcomponent(kind)?.getFirstPropertyValue('tzname');
  return typeof name === 'string' && /^[^;]+$/.test(name) ? name : undefined;
}

/** A change of offset in ical.js's expansion of a VTIMEZONE: UTC fields, offsets in seconds. */
interface ZoneChange {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  utcOffset: number;
  prevUtcOffset: number;
}

function changeStamp(change: ZoneChange): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(change.year, 4)}${pad(change.month)}${pad(change.day)}T${pad(change.hour)}${pad(change.minute)}${pad(change.second)}Z`;
}

/**
 * The TZ and DAYLIGHT lines that describe `timezone` in `year`: TZ is the standard offset,
 * DAYLIGHT gives the year's changes as UTC times (`FALSE` when the zone keeps one offset).
 * The changes come from the VTIMEZONE's own observances, as ical.js expands them.
 */
export function tzDaylightLines(timezone: ICAL.Timezone, year: number): { tz: string; daylight: string } {
  timezone._ensureCoverage(year + 1);
  const changes = (timezone.changes as ZoneChange[]).filter((change) => change.year === year);
  const toDaylight = changes.find((c) => c.utcOffset > c.prevUtcOffset);
  const toStandard = changes.find((c) => c.utcOffset < c.prevUtcOffset);
  if (!toDaylight || !toStandard) {
    const noon = ICAL.Time.fromData({ year, month: 1, day: 1, hour: 12, minute: 0, second: 0 });
    return { tz: vcalOffset(timezone.utcOffset(noon) / 60), daylight: 'FALSE' };
  }
  const fields = ['TRUE', vcalOffset(toDaylight.utcOffset / 60), changeStamp(toDaylight), changeStamp(toStandard)];
  const names = [tznameOf(timezone, 'standard'), tznameOf(timezone, 'daylight')];
  return { tz: vcalOffset(toStandard.utcOffset / 60), daylight: [...fields, ...(names[0] && names[1] ? names : [])].join(';') };
}
