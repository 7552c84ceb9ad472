// iCalendar 2.0 -> vCalendar 1.0 for phones: the items, with TZ/DAYLIGHT describing the zone of their times.
import ICAL from 'ical.js';
import { writeVersitLine } from '../versit/write-versit-line.ts';
import { unescapeIcalText } from './ical-text.ts';
import { isFloating, isUtc } from './vcal-date-time.ts';
import { tzDaylightLines } from './vcal-timezone.ts';
import { writeVcalItem } from './write-vcal-item.ts';

const itemNames = new Set(['vevent', 'vtodo', 'vjournal']);

/**
 * The items a 1.0 device gets: the master alone, with the dates of its overridden occurrences
 * added (in place) as EXDATEs. vCalendar 1.0 has no RECURRENCE-ID, and a second VEVENT in the object is read by
 * phones (Synthesis-based ones too) into the same event; excluded, the changed occurrences are
 * at least not shown at the wrong time. The merge keeps them on the server when the device
 * sends the event back. An object of overrides only (an invitation to one occurrence) goes as it is.
 */
function itemsForVcal10(items: ICAL.Component[]): ICAL.Component[] {
  const master = items.find((item) => !item.hasProperty('recurrence-id'));
  if (!master || items.length === 1) return items;
  const excluded = new Set(master.getAllProperties('exdate').flatMap((p) => p.toJSON().slice(3).map(String)));
  for (const override of items) {
    const recurrenceId = override.getFirstProperty('recurrence-id');
    if (override === master || !recurrenceId || override.name !== master.name) continue;
    const [, params, type, ...values] = recurrenceId.toJSON() as [string, Record<string, unknown>, string, ...unknown[]];
    if (values.every((value) => excluded.has(String(value)))) continue;
    master.addProperty(new ICAL.Property(['exdate', structuredClone(params), type, ...values] as never));
  }
  return [master];
}

/**
 * Writes `calendar` as vCalendar 1.0 (CRLF line ends). Zoned times are written in UTC, which
 * every phone reads the same way; TZ and DAYLIGHT then say which zone and daylight saving rules
 * they came from (for the year of the first item's start), for phones that show or keep them.
 * Floating times stay wall-clock times and all-day events run from midnight to midnight.
 */
export function toVCalendar10(calendar: ICAL.Component): string {
  const items = itemsForVcal10(calendar.getAllSubcomponents().filter((component) => itemNames.has(component.name)));
  const lines = ['BEGIN:VCALENDAR', 'VERSION:1.0'];
  const anchor = items
    .map((item) => item.getFirstPropertyValue('dtstart') ?? item.getFirstPropertyValue('due'))
    .find((value): value is ICAL.Time => value instanceof ICAL.Time);
  if (anchor && !isFloating(anchor) && !isUtc(anchor)) {
    const { tz, daylight } = tzDaylightLines(anchor.zone!, anchor.year);
    lines.push(`TZ:${tz}`, `DAYLIGHT:${daylight}`);
  }
  for (const property of calendar.getAllProperties()) {
    if (property.name.startsWith('x-')) lines.push(writeVersitLine(property.name.toUpperCase(), [], unescapeIcalText(String(property.getFirstValue() ?? ''))));
  }
  for (const item of items) lines.push(...writeVcalItem(item));
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
