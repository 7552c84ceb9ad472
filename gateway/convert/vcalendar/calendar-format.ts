// Tells vCalendar 1.0 from iCalendar 2.0: the VERSION line wins over the SyncML content type.

/** The two calendar formats SyncML clients use. */
export type CalendarVersion = '1.0' | '2.0';

/**
 * The format of a calendar item. Clients send `text/x-vcalendar` with 2.0 bodies and the
 * reverse, so the VERSION line decides; without one, `text/x-vcalendar` means 1.0.
 */
export function calendarVersionOf(data: string, contentType: string | undefined): CalendarVersion {
  const match = /^[ \t]*VERSION[ \t]*(?:;[^:\r\n]*)?:[ \t]*(\d)/im.exec(data);
  if (match) return match[1] === '1' ? '1.0' : '2.0';
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'text/x-vcalendar' ? '1.0' : '2.0';
}
