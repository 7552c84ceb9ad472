// iCalendar 2.0 -> vCalendar 1.0 for phones: the items, with TZ/DAYLIGHT describing the zone of their times.
import ICAL from 'ical.js';
import { writeVersitLine } from '../versit/write-versit-line.ts';
import { unescapeIcalText } from './ical-text.ts';
import { isFloating, isUtc } from './vcal-date-time.ts';
import { tzDaylightLines } from './vcal-timezone.ts';
import { writeVcalItem } from './write-vcal-item.ts';

const itemNames = new Set(['vevent', 'vtodo', 'vjournal']);

/**
 * Writes `calendar` as vCalendar 1.0 (CRLF line ends). Zoned times are written in UTC, which
 * every phone reads the same way; TZ and DAYLIGHT then say which zone and daylight saving rules
 * they came from (for the year of the first item's start), for phones that show or keep them.
 * Floating times stay wall-clock times and all-day events run from midnight to midnight.
 */
export function toVCalendar10(calendar: ICAL.Component): string {
  const items = calendar.getAllSubcomponents().filter((component) => itemNames.has(component.name));
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
