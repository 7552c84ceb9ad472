// How iCalendar objects live in a CalDAV calendar (RFC 4791): media type, file suffix, multiget.
import type { ResourceFormat } from '../dav/resource-store.ts';
import { NS } from '../dav/xml.ts';
import { calendarUid, withCalendarUid } from './icalendar-components.ts';

export const calendarFormat: ResourceFormat = {
  contentType: 'text/calendar',
  putContentType: 'text/calendar; charset=utf-8',
  extension: '.ics',
  multiget: { ns: NS.caldav, name: 'calendar-multiget' },
  dataProp: { ns: NS.caldav, name: 'calendar-data' },
  uidOf: calendarUid,
  // A calendar object resource needs a UID in each component (RFC 4791 §4.1); Radicale
  // refuses one without.
  withUid: withCalendarUid,
};
