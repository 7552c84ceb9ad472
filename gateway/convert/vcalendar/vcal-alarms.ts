// vCalendar 1.0 alarms (AALARM, DALARM, PALARM, MALARM: absolute run times) <-> VALARM (TRIGGER relative to the start).
import ICAL from 'ical.js';
import type { VersitProperty } from '../versit/parse-versit.ts';
import { splitUnescaped } from '../versit/versit-text.ts';
import type { VersitParam } from '../versit/write-versit-line.ts';
import { epochMs, formatVcalTime, parseVcalDateTime, utcTimeOf, type VcalDateTime } from './vcal-date-time.ts';

const actions: Record<string, string> = { AALARM: 'AUDIO', DALARM: 'DISPLAY', PALARM: 'PROCEDURE', MALARM: 'EMAIL' };
const alarmNames: Record<string, string> = { AUDIO: 'AALARM', DISPLAY: 'DALARM', PROCEDURE: 'PALARM', EMAIL: 'MALARM' };

/** What turning an absolute alarm into a TRIGGER needs. */
export interface AlarmContext {
  /** The time the trigger is relative to: DTSTART, or DUE for a task without one. */
  base: ICAL.Time | undefined;
  related: 'START' | 'END';
  /** The item's own time for a vCalendar value (same zone rules as DTSTART). */
  timeOf: (value: VcalDateTime) => ICAL.Time;
  summary: string | undefined;
}

/** Whether an alarm property holds anything (`AALARM:;;;` does not). */
export function isAlarm(name: string): boolean {
  return name in actions;
}

/**
 * The VALARM of a vCalendar alarm, or undefined without a run time. The run time becomes a
 * TRIGGER relative to `context.base` (so it follows the item when it moves and applies to
 * every occurrence), or an absolute UTC trigger when there is nothing to relate it to.
 * Snooze time and repeat count become DURATION and REPEAT; the sound, procedure or address
 * becomes ATTACH or ATTENDEE; a display text DESCRIPTION (RFC 5545 section 3.6.6 requires one).
 */
export function icalAlarm(property: VersitProperty, context: AlarmContext): ICAL.Component | undefined {
  // Only `\;` is an escape here: sound files are Windows paths (`c:\system\...`) written as they are.
  const fields = splitUnescaped(property.value).map((field) => field.replace(/\\;/g, ';').trim());
  // Synthesis-based clients (SyncEvolution) write the run time as a duration relative to the
  // start (`AALARM:-PT15M;;;text`), not as a date-time.
  const relative = /^[+-]?P[0-9WDTHMS]+$/i.test(fields[0] ?? '') ? ICAL.Duration.fromString((fields[0] ?? '').toUpperCase().replace(/^\+/, '')) : undefined;
  const runTime = relative === undefined ? parseVcalDateTime(fields[0] ?? '') : undefined;
  if (!runTime && relative === undefined) return undefined;
  const action = actions[property.name]!;
  const alarm = new ICAL.Component('valarm');
  alarm.addPropertyWithValue('action', action);
  const trigger = new ICAL.Property('trigger');
  if (relative !== undefined) {
    trigger.setValue(relative);
    if (context.related === 'END') trigger.setParameter('related', 'END');
  } else if (context.base) {
    const at = context.timeOf(runTime!);
    trigger.setValue(ICAL.Duration.fromSeconds(Math.round((epochMs(at) - epochMs(context.base)) / 1000)));
    if (context.related === 'END') trigger.setParameter('related', 'END');
  } else {
    trigger.setValue(utcTimeOf(epochMs(context.timeOf(runTime!))));
  }
  alarm.addProperty(trigger);
  const snooze = /^-?P/i.test(fields[1] ?? '') ? ICAL.Duration.fromString(fields[1]!.toUpperCase()) : undefined;
  const repeat = Number.parseInt(fields[2] ?? '', 10);
  if (snooze && snooze.toSeconds() > 0 && repeat > 0) {
    alarm.addPropertyWithValue('duration', snooze);
    alarm.addPropertyWithValue('repeat', repeat);
  }
  const content = fields[3] ?? '';
  const fallback = context.summary || 'Reminder';
  if ((action === 'AUDIO' || action === 'PROCEDURE') && content) {
    const attach = new ICAL.Property('attach');
    attach.setValue(content);
    for (const [key, values] of property.params) if (key !== 'VALUE') attach.setParameter(key.toLowerCase(), values.length === 1 ? values[0]! : values);
    alarm.addProperty(attach);
  } else if (action === 'DISPLAY') {
    alarm.addPropertyWithValue('description', content || fallback);
  } else if (action === 'EMAIL') {
    alarm.addPropertyWithValue('description', fields[4] || fallback);
    alarm.addPropertyWithValue('summary', fallback);
    if (content) alarm.addPropertyWithValue('attendee', `mailto:${content.replace(/^mailto:/i, '')}`);
  }
  return alarm;
}

/** Times an alarm can be relative to. */
export interface AlarmTimes {
  start: ICAL.Time | undefined;
  end: ICAL.Time | undefined;
}

/** `20261126T084500Z;PT5M;3;text`, without empty fields at the end. */
function alarmValue(fields: readonly string[]): string {
  const escaped = fields.map((field) => field.replace(/;/g, '\\;'));
  while (escaped.length > 1 && escaped.at(-1) === '') escaped.pop();
  return escaped.join(';');
}

/**
 * The vCalendar alarm line of a VALARM: the trigger as an absolute time (UTC for zoned items,
 * wall-clock time for floating and all-day ones), AUDIO as AALARM, DISPLAY as DALARM,
 * PROCEDURE as PALARM, EMAIL as MALARM, anything else as DALARM. Undefined when the trigger
 * is relative to a time the item does not have.
 */
export function vcalAlarm(valarm: ICAL.Component, times: AlarmTimes): { name: string; params: VersitParam[]; value: string } | undefined {
  const trigger = valarm.getFirstProperty('trigger');
  const value = trigger?.getFirstValue();
  let at: ICAL.Time;
  if (value instanceof ICAL.Duration) {
    const base = trigger!.getParameter('related') === 'END' ? times.end : times.start;
    if (!base) return undefined;
    at = base.clone();
    at.isDate = false;
    at.addDuration(value);
  } else if (value instanceof ICAL.Time) {
    at = value;
  } else {
    return undefined;
  }
  const action = String(valarm.getFirstPropertyValue('action') ?? 'DISPLAY').toUpperCase();
  const name = alarmNames[action] ?? 'DALARM';
  const snooze = valarm.getFirstPropertyValue('duration');
  const repeat = valarm.getFirstPropertyValue('repeat');
  const fields = [formatVcalTime(at), snooze ? String(snooze) : '', repeat ? String(repeat) : ''];
  const params: VersitParam[] = [];
  const attach = valarm.getFirstProperty('attach');
  if (name === 'AALARM' || name === 'PALARM') {
    fields.push(attach ? String(attach.getFirstValue() ?? '') : '');
    const type = attach?.getParameter('type');
    if (typeof type === 'string') params.push(['TYPE', type]);
  } else if (name === 'MALARM') {
    fields.push(String(valarm.getFirstPropertyValue('attendee') ?? '').replace(/^mailto:/i, ''), String(valarm.getFirstPropertyValue('description') ?? ''));
  } else {
    fields.push(String(valarm.getFirstPropertyValue('description') ?? ''));
  }
  return { name, params, value: alarmValue(fields) };
}
