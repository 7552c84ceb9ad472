// The calendar converter's public face: events, tasks and journals between SyncML clients and CalDAV.
export { toServerCalendar, toClientCalendar, calendarUid, calendarComponentOf } from './convert.ts';
export type { ClientCalendarType, ToServerCalendarOptions } from './convert.ts';
export type { CalendarComponentName } from './server-copy.ts';
export { calendarVersionOf } from './calendar-format.ts';
export type { CalendarVersion } from './calendar-format.ts';
export { ConvertError } from '../convert-error.ts';
export type { ConvertErrorKind } from '../convert-error.ts';
export { mergeCalendar } from './merge-rules.ts';
