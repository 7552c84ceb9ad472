// CalDAV: the calendar DataStore (events, tasks, notes and journal entries) and its format.
export { openCalendar, componentFilter, isShared, type CalendarCollection, type CalendarStoreOptions } from './calendar-store.ts';
export { calendarFormat } from './calendar-format.ts';
export { calendarComponents, calendarUid, componentNames, withCalendarUid, type CalendarComponent } from './icalendar-components.ts';
