// The conversions the engine needs for events, tasks and journals: client item <-> server iCalendar.
import { randomUUID } from 'node:crypto';
import { ConvertError } from '../convert-error.ts';
import { readCalendar } from './read-calendar.ts';
import { serverCopy, type CalendarComponentName } from './server-copy.ts';
import { toVCalendar10 } from './to-vcalendar10.ts';

/** The calendar content types a SyncML client uses: vCalendar 1.0 and iCalendar 2.0. */
export type ClientCalendarType = 'text/x-vcalendar' | 'text/calendar';

/** Options of `toServerCalendar`. */
export interface ToServerCalendarOptions {
  /** The UID the stored item must have (replaces the item's own). */
  uid?: string;
  /** The component the store holds; an item of another kind is refused. */
  component?: CalendarComponentName;
  /** Makes a UID when the item has none; defaults to a random UUID. Inject for tests. */
  newUid?: () => string;
  /** The clock for a missing DTSTAMP. Inject for tests. */
  now?: () => Date;
}

/**
 * Converts what a client sent (vCalendar 1.0 or iCalendar 2.0, told apart by the VERSION line,
 * else by `fromType`) into the iCalendar 2.0 object a CalDAV server stores: one item (with its
 * overridden occurrences), exactly one UID (`options.uid`, else the item's, else a new one),
 * PRODID, DTSTAMP, a VTIMEZONE for every TZID, no METHOD and no empty properties.
 * vCalendar 1.0 is mapped field by field: all-day events become DATE values, TZ/DAYLIGHT a
 * VTIMEZONE, 1.0 rules RRULEs, absolute alarms TRIGGERs relative to the start; unknown and
 * X- properties are kept.
 * @throws ConvertError when `data` is not a calendar, cannot be read, or is not of `options.component`.
 */
export function toServerCalendar(data: string, fromType: string, options: ToServerCalendarOptions = {}): string {
  return serverCopy(readCalendar(data, fromType), {
    uid: options.uid,
    component: options.component,
    newUid: options.newUid ?? randomUUID,
    now: options.now ?? (() => new Date()),
  });
}

/**
 * Converts a stored calendar object into what the client asked for: `text/x-vcalendar` gives
 * vCalendar 1.0 (times in UTC with TZ/DAYLIGHT, or wall-clock time for floating and all-day
 * items), `text/calendar` gives iCalendar 2.0 with its VTIMEZONEs.
 * @throws ConvertError when `data` is not a calendar or cannot be read.
 */
export function toClientCalendar(data: string, toType: ClientCalendarType): string {
  const calendar = readCalendar(data);
  return toType === 'text/x-vcalendar' ? toVCalendar10(calendar) : `${calendar.toString()}\r\n`;
}

function firstItem(data: string): { name: CalendarComponentName; uid: string | undefined } | undefined {
  try {
    const item = readCalendar(data)
      .getAllSubcomponents()
      .find((component) => ['vevent', 'vtodo', 'vjournal'].includes(component.name));
    if (!item) return undefined;
    const uid = item.getFirstPropertyValue('uid');
    return { name: item.name.toUpperCase() as CalendarComponentName, uid: typeof uid === 'string' && uid.trim() !== '' ? uid : undefined };
  } catch (error) {
    if (error instanceof ConvertError) return undefined;
    throw error;
  }
}

/** The UID of a calendar item (either format), or undefined when it has none or is no calendar. */
export function calendarUid(data: string): string | undefined {
  return firstItem(data)?.uid;
}

/** The kind of a calendar item (either format): what a combined calendar store routes by. */
export function calendarComponentOf(data: string): CalendarComponentName | undefined {
  return firstItem(data)?.name;
}
