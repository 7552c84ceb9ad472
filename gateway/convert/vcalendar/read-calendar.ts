// Reads a calendar item in either format into one ical.js VCALENDAR (iCalendar 2.0) with its time zones complete.
import ICAL from 'ical.js';
import { parseVersit } from '../versit/parse-versit.ts';
import { calendarVersionOf } from './calendar-format.ts';
import { fromVCalendar10 } from './from-vcalendar10.ts';
import type { JCalComponent } from './jcal.ts';
import { readICalendar } from './read-icalendar.ts';
import { completeTimezones } from './timezones.ts';

/**
 * vCalendar 1.0 (told by its VERSION line, else by `contentType`) is converted, iCalendar 2.0
 * parsed; either way every TZID then has a VTIMEZONE, so times read as the right instants.
 * @throws ConvertError when `data` is not a calendar or cannot be read.
 */
export function readCalendar(data: string, contentType?: string): ICAL.Component {
  if (calendarVersionOf(data, contentType) === '1.0') {
    return fromVCalendar10(parseVersit(data, 'VCALENDAR', 'calendar (vCalendar or iCalendar)'));
  }
  const calendar = readICalendar(data);
  return new ICAL.Component(completeTimezones(calendar.toJSON() as JCalComponent) as never);
}
