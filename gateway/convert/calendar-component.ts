// Which kind of calendar item an iCalendar text holds, for stores that keep events and tasks
// together and must send each to its own collection.

export type CalendarItemKind = 'VEVENT' | 'VTODO' | 'VJOURNAL';

/** The first VEVENT, VTODO or VJOURNAL component of an iCalendar (or vCalendar) text. */
export function calendarItemKind(data: string): CalendarItemKind | undefined {
  const match = /^BEGIN:(VEVENT|VTODO|VJOURNAL)[ \t]*\r?$/im.exec(data);
  return match === null ? undefined : (match[1]!.toUpperCase() as CalendarItemKind);
}
