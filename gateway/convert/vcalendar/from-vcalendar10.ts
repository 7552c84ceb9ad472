// vCalendar 1.0 -> iCalendar 2.0: each property mapped, times and rules translated, unknown and X- properties kept.
import ICAL from 'ical.js';
import { firstProperty, type VersitComponent, type VersitProperty } from '../versit/parse-versit.ts';
import { splitUnescaped, unescapeText } from '../versit/versit-text.ts';
import { escapeIcalText } from './ical-text.ts';
import { gatewayProdId } from './product.ts';
import { icalAlarm, isAlarm } from './vcal-alarms.ts';
import { isAllDay } from './vcal-all-day.ts';
import { icalAttendee } from './vcal-attendees.ts';
import { parseVcalDateTime, type VcalDateTime } from './vcal-date-time.ts';
import { icalStatus, icalTransp } from './vcal-enumerations.ts';
import { readVcalRule } from './vcal-rrule-read.ts';
import { declaredZone } from './vcal-timezone.ts';
import { alarmTime, itemTime, untilTime, utcTime, type ItemTimes } from './vcal-times.ts';

const itemNames = new Set(['VEVENT', 'VTODO', 'VJOURNAL']);
const utcProperties: Record<string, string> = { DCREATED: 'created', CREATED: 'created', 'LAST-MODIFIED': 'last-modified', COMPLETED: 'completed', DTSTAMP: 'dtstamp' };
/** Calendar-level or derived 1.0 properties with no place in the item (RNUM is the number of occurrences). */
const skipped = new Set(['TZ', 'DAYLIGHT', 'RNUM', 'VERSION', 'PRODID', 'GEO']);

/** `DESCRIPTION:` and `AALARM:;;;` are a client's way of saying "empty". */
function isEmpty(property: VersitProperty): boolean {
  return property.value.replace(/[;,\s]/g, '') === '';
}

function dateTimes(raw: string): VcalDateTime[] {
  return raw.split(/[;,]/).flatMap((piece) => parseVcalDateTime(piece) ?? []);
}

function copyParams(from: VersitProperty, to: ICAL.Property): void {
  for (const [key, values] of from.params) {
    if (key === 'VALUE' || key === 'TZID') continue;
    to.setParameter(key.toLowerCase(), values.length === 1 ? values[0]! : values);
  }
}

function timeProperty(name: string, values: ICAL.Time[], times: ItemTimes): ICAL.Property {
  const property = new ICAL.Property(name);
  if (values.length === 1) property.setValue(values[0]!);
  else property.setValues(values);
  const zone = values[0]?.zone;
  if (times.zone && zone === times.zone.timezone && !values[0]!.isDate) property.setParameter('tzid', times.zone.tzid);
  return property;
}

/** Properties without special meaning: text unescaped, numbers as numbers, X- and unknown ones raw. */
function genericProperty(from: VersitProperty): ICAL.Property | undefined {
  const property = new ICAL.Property(from.name.toLowerCase());
  if (from.params.get('ENCODING')?.[0] === 'BASE64') {
    property.resetType('binary');
    property.setParameter('encoding', 'BASE64');
    property.setValue(from.value);
  } else if (property.type === 'text') {
    property.setValue(unescapeText(from.value));
  } else if (property.type === 'integer') {
    const number = Number.parseInt(from.value, 10);
    if (Number.isNaN(number)) return undefined;
    property.setValue(number);
  } else if (property.type === 'unknown') {
    property.setValue(escapeIcalText(from.value));
  } else {
    property.setValue(from.value.trim());
  }
  copyParams(from, property);
  if (from.params.has('ENCODING')) property.setParameter('value', 'BINARY');
  return property;
}

function listProperty(from: VersitProperty): ICAL.Property {
  const property = new ICAL.Property(from.name.toLowerCase());
  property.setValues(splitUnescaped(from.value, ';,').map((v) => unescapeText(v).trim()).filter(Boolean));
  copyParams(from, property);
  return property;
}

function convertItem(source: VersitComponent, zone: ReturnType<typeof declaredZone>): { item: ICAL.Component; zoneUsed: boolean } {
  const item = new ICAL.Component(source.name.toLowerCase());
  const properties = source.properties.filter((p) => !isEmpty(p));
  const read = (name: string): VcalDateTime | undefined => {
    const property = properties.find((p) => p.name === name);
    return property ? parseVcalDateTime(property.value) : undefined;
  };
  const [start, end, due] = [read('DTSTART'), read('DTEND'), read('DUE')];
  const recurring = properties.some((p) => p.name === 'RRULE' || p.name === 'RDATE' || p.name === 'EXRULE');
  const times: ItemTimes = {
    zone,
    zoneForUtc: recurring,
    allDay: source.name === 'VEVENT' && isAllDay(start, end, zone?.timezone),
    midnightIsDate: source.name === 'VTODO',
    zoneUsed: false,
  };
  const dtstart = start && itemTime(start, times);
  const dueTime = due && itemTime(due, times);
  const anchor = dtstart ?? dueTime;
  const summary = properties.find((p) => p.name === 'SUMMARY');
  // One reminder is often written twice, as AALARM and DALARM with the same run time
  // (Synthesis, Nokia): it becomes one DISPLAY alarm, not two.
  const displayTimes = new Set(properties.filter((p) => p.name === 'DALARM').map((p) => p.value.split(';')[0]?.trim()));
  for (const property of properties) {
    if (property.name === 'AALARM' && displayTimes.has(property.value.split(';')[0]?.trim())) continue;
    const name = property.name;
    if (name === 'DTSTART' && dtstart) item.addProperty(timeProperty('dtstart', [dtstart], times));
    else if (name === 'DUE' && dueTime) item.addProperty(timeProperty('due', [dueTime], times));
    else if (name === 'DTEND' && end) item.addProperty(timeProperty('dtend', [itemTime(end, times, dtstart)], times));
    else if (name === 'EXDATE' || name === 'RDATE' || name === 'RECURRENCE-ID') {
      const values = dateTimes(property.value).map((value) => itemTime(value, times));
      if (values.length > 0) item.addProperty(timeProperty(name.toLowerCase(), name === 'RECURRENCE-ID' ? values.slice(0, 1) : values, times));
    } else if (name === 'RRULE' || name === 'EXRULE') {
      const rule = anchor ? readVcalRule(property.value, { dtstart: anchor, until: (value) => untilTime(value, anchor, times) }) : undefined;
      if (rule) item.addPropertyWithValue(name.toLowerCase(), rule);
      else item.addPropertyWithValue(`x-vcalendar-${name.toLowerCase()}`, escapeIcalText(property.value)); // kept, not lost
    } else if (isAlarm(name)) {
      const base = dtstart ?? dueTime;
      const alarm = icalAlarm(property, {
        base,
        related: dtstart ? 'START' : 'END',
        timeOf: (value) => alarmTime(value, base, times),
        summary: summary && unescapeText(summary.value),
      });
      if (alarm) item.addSubcomponent(alarm);
    } else if (name === 'ATTENDEE') item.addProperty(icalAttendee(property));
    else if (name in utcProperties) {
      const value = parseVcalDateTime(property.value);
      if (value) item.addPropertyWithValue(utcProperties[name]!, utcTime(value, times));
    } else if (name === 'CATEGORIES' || name === 'RESOURCES') item.addProperty(listProperty(property));
    else if (name === 'STATUS') {
      const status = icalStatus(unescapeText(property.value), source.name);
      if (status) item.addPropertyWithValue('status', status);
    } else if (name === 'TRANSP') item.addPropertyWithValue('transp', icalTransp(property.value));
    else if (!skipped.has(name) && name !== 'DTSTART' && name !== 'DTEND' && name !== 'DUE') {
      const generic = genericProperty(property);
      if (generic) item.addProperty(generic);
    }
  }
  return { item, zoneUsed: times.zoneUsed };
}

/**
 * Builds the iCalendar 2.0 object of a parsed vCalendar 1.0: VEVENT, VTODO (and VJOURNAL)
 * components with every property mapped or kept, and a VTIMEZONE when the TZ/DAYLIGHT lines
 * were needed. Times: see `itemTime`; the zone of TZ/DAYLIGHT applies to wall-clock times and,
 * in recurring items, to UTC ones too.
 */
export function fromVCalendar10(root: VersitComponent): ICAL.Component {
  const sources = root.components.filter((component) => itemNames.has(component.name));
  const zoneSource = root.properties.some((p) => p.name === 'TZ' || p.name === 'DAYLIGHT')
    ? root
    : (sources.find((c) => c.properties.some((p) => p.name === 'TZ' || p.name === 'DAYLIGHT')) ?? root);
  const firstStart = sources.map((c) => firstProperty(c, 'DTSTART') ?? firstProperty(c, 'DUE')).find(Boolean);
  const zone = declaredZone(zoneSource, firstStart && parseVcalDateTime(firstStart.value)?.year);
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('prodid', gatewayProdId);
  for (const property of root.properties) {
    if (property.name.startsWith('X-') && !isEmpty(property)) calendar.addPropertyWithValue(property.name.toLowerCase(), escapeIcalText(property.value));
  }
  const converted = sources.map((source) => convertItem(source, zone));
  if (zone && converted.some((c) => c.zoneUsed)) calendar.addSubcomponent(zone.component);
  for (const { item } of converted) calendar.addSubcomponent(item);
  return calendar;
}
