// Writes one VEVENT, VTODO or VJOURNAL as vCalendar 1.0 lines: UTC or wall-clock times, 1.0 rules, absolute alarms.
import ICAL from 'ical.js';
import { escapeSingleText, escapeText } from '../versit/versit-text.ts';
import { writeVersitLine, type VersitParam } from '../versit/write-versit-line.ts';
import { unescapeIcalText } from './ical-text.ts';
import { vcalAlarm } from './vcal-alarms.ts';
import { vcalAttendee } from './vcal-attendees.ts';
import { formatVcalTime } from './vcal-date-time.ts';
import { vcalStatus, vcalTransp } from './vcal-enumerations.ts';
import { writeVcalRule } from './vcal-rrule-write.ts';

const timeNames: Record<string, string> = { dtstart: 'DTSTART', dtend: 'DTEND', due: 'DUE', 'recurrence-id': 'RECURRENCE-ID', created: 'DCREATED', 'last-modified': 'LAST-MODIFIED', completed: 'COMPLETED' };
const listNames = new Set(['categories', 'resources', 'exdate', 'rdate']);
const maxExpanded = 366;

/** The value part of a property as iCalendar writes it. */
function rawValue(property: ICAL.Property): string {
  const line = property.toICALString();
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    if (line[index] === '"') quoted = !quoted;
    else if (line[index] === ':' && !quoted) return line.slice(index + 1);
  }
  return '';
}

function paramsOf(property: ICAL.Property): VersitParam[] {
  const params: VersitParam[] = [];
  for (const [key, values] of Object.entries(property.toJSON()[1] as Record<string, unknown>)) {
    if (key === 'tzid' || key === 'value') continue;
    for (const value of [values].flat()) params.push([key.toUpperCase(), String(value)]);
  }
  return params;
}

/**
 * The times of EXDATE or RDATE properties. A DATE excluding an occurrence of a timed series
 * (Google writes those) becomes that day at the series' start time, the only form 1.0 has.
 */
function timesOf(properties: ICAL.Property[], anchor: ICAL.Time | null): ICAL.Time[] {
  const times = properties.flatMap((p) => p.getValues()).filter((v): v is ICAL.Time => v instanceof ICAL.Time);
  return times.map((time) => {
    if (!time.isDate || !anchor || anchor.isDate) return time;
    const timed = anchor.clone();
    timed.year = time.year;
    timed.month = time.month;
    timed.day = time.day;
    return timed;
  });
}

/** Every occurrence but the first of a finite rule 1.0 cannot express, for RDATE. */
function expandedDates(recur: ICAL.Recur, start: ICAL.Time): ICAL.Time[] {
  if (!recur.count && !recur.until) return [];
  const iterator = recur.iterator(start);
  const dates: ICAL.Time[] = [];
  for (let next = iterator.next(); next && dates.length <= maxExpanded; next = iterator.next()) dates.push(next.clone());
  return dates.slice(1);
}

/** A plain property: X- and unknown ones raw (their text unescaped), text escaped for 1.0, others as iCalendar writes them. */
function genericLine(property: ICAL.Property): string {
  const name = property.name.toUpperCase();
  if (property.type === 'unknown' || name.startsWith('X-')) return writeVersitLine(name, paramsOf(property), unescapeIcalText(rawValue(property)));
  if (property.type === 'text') {
    const values = property.getValues().map(String);
    return writeVersitLine(name, paramsOf(property), values.length === 1 ? escapeSingleText(values[0]!) : values.map(escapeText).join(','));
  }
  return writeVersitLine(name, paramsOf(property), rawValue(property));
}

/**
 * The vCalendar 1.0 block of one item. DURATION becomes DTEND (or DUE); list properties given
 * several times become one line (`CATEGORIES:a;b`, `EXDATE:t1;t2`); an RRULE 1.0 cannot say is
 * written as the RDATEs of its occurrences when it ends (an endless one is left out); DTSTAMP is
 * left out (the server keeps its own).
 */
export function writeVcalItem(item: ICAL.Component): string[] {
  const name = item.name.toUpperCase();
  const lines = [`BEGIN:${name}`];
  const start = item.getFirstPropertyValue('dtstart') as ICAL.Time | null;
  const endName = name === 'VTODO' ? 'due' : 'dtend';
  const duration = item.getFirstPropertyValue('duration');
  let end = item.getFirstPropertyValue(endName) as ICAL.Time | null;
  if (!end && start && duration instanceof ICAL.Duration) {
    end = start.clone();
    end.addDuration(duration);
  }
  const anchor = start ?? end;
  const written = new Set<string>();
  const extraRdates: ICAL.Time[] = [];
  for (const property of item.getAllProperties()) {
    const key = property.name;
    if (key in timeNames) {
      const value = property.getFirstValue();
      if (value instanceof ICAL.Time) lines.push(writeVersitLine(timeNames[key]!, [], formatVcalTime(value)));
    } else if (key === 'duration') {
      if (end && !item.hasProperty(endName)) lines.push(writeVersitLine(endName.toUpperCase(), [], formatVcalTime(end)));
    } else if (key === 'rrule' || key === 'exrule') {
      const recur = property.getFirstValue() as ICAL.Recur;
      const rule = anchor ? writeVcalRule(recur, anchor) : undefined;
      if (rule) lines.push(writeVersitLine(key.toUpperCase(), [], rule));
      else if (anchor && key === 'rrule') extraRdates.push(...expandedDates(recur, anchor));
    } else if (listNames.has(key)) {
      if (written.has(key)) continue;
      written.add(key);
      const all = item.getAllProperties(key);
      const values = key === 'exdate' || key === 'rdate' ? timesOf(all, anchor).map(formatVcalTime) : all.flatMap((p) => p.getValues()).map((v) => escapeText(String(v)));
      if (values.length > 0) lines.push(writeVersitLine(key.toUpperCase(), [], values.join(';')));
    } else if (key === 'status') lines.push(writeVersitLine('STATUS', [], vcalStatus(String(property.getFirstValue()))));
    else if (key === 'transp') lines.push(writeVersitLine('TRANSP', [], vcalTransp(String(property.getFirstValue()))));
    else if (key === 'attendee' || key === 'organizer') {
      const { params, value } = vcalAttendee(property);
      lines.push(writeVersitLine('ATTENDEE', params, value));
    } else if (key !== 'dtstamp') lines.push(genericLine(property));
  }
  if (extraRdates.length > 0 && !written.has('rdate')) lines.push(writeVersitLine('RDATE', [], extraRdates.map(formatVcalTime).join(';')));
  for (const valarm of item.getAllSubcomponents('valarm')) {
    const alarm = vcalAlarm(valarm, { start: start ?? end ?? undefined, end: end ?? undefined });
    if (alarm) lines.push(writeVersitLine(alarm.name, alarm.params, alarm.value));
  }
  lines.push(`END:${name}`);
  return lines;
}
