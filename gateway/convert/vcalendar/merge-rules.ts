// What a device holds of an event, task or journal entry: its CTCap property names, read through
// what its format (vCalendar 1.0 or iCalendar 2.0) and our converter can carry.
import { mergeCalendarText, type MergeRules } from './merge-calendar.ts';

/** vCalendar 1.0 names that stand for other iCalendar names (our writer maps them so). */
const vcalAliases: Record<string, string[]> = {
  DCREATED: ['CREATED'],
  ATTENDEE: ['ATTENDEE', 'ORGANIZER'], // ORGANIZER goes out as ATTENDEE;ROLE=ORGANIZER
  DTEND: ['DTEND', 'DURATION'], // DURATION goes out as DTEND (or DUE)
  DUE: ['DUE', 'DURATION'],
};
const vcalAlarms: Record<string, string> = { AALARM: 'AUDIO', DALARM: 'DISPLAY', PALARM: 'PROCEDURE', MALARM: 'EMAIL' };
/** Names by which an iCalendar CTCap says the device keeps alarms of every kind. */
const icalAlarmNames = ['VALARM', 'TRIGGER', 'ACTION'];
/** Read from vCalendar 1.0 never (its 1.0 form is ambiguous), so a 1.0 device cannot send it back. */
const notReadFromVcal = new Set(['GEO']);

/**
 * The merge rules of a calendar device. `supported` is its CTCap for the type (upper-case
 * names), undefined when it lists none: then, as for contacts, whatever the format carries is
 * taken from the device. vCalendar 1.0 carries no overridden occurrences (a 1.0 device gets
 * their dates as EXDATEs), so stored ones are kept for it whatever its CTCap says.
 */
export function calendarMergeRules(supported: ReadonlySet<string> | undefined, version: '1.0' | '2.0'): MergeRules {
  const listed = (name: string): boolean => {
    if (supported === undefined || supported.has(name)) return true;
    if (name.startsWith('X-') && supported.has('X-*')) return true;
    return version === '1.0' && Object.entries(vcalAliases).some(([ctName, names]) => supported.has(ctName) && names.includes(name));
  };
  return {
    carries: (name) => !(version === '1.0' && notReadFromVcal.has(name)) && listed(name),
    carriesAlarm: (action) =>
      supported === undefined ||
      icalAlarmNames.some((name) => supported.has(name)) ||
      (version === '1.0' && Object.entries(vcalAlarms).some(([ctName, a]) => a === action && supported.has(ctName))),
    carriesOverrides: version === '2.0' && listed('RECURRENCE-ID'),
    overridesSentAsExdates: version === '1.0',
  };
}

/**
 * `incoming` (the device's item, already the server's iCalendar 2.0) with what the device does
 * not hold kept from `stored`; `clientType` is the format the device sent it in.
 */
export function mergeCalendar(stored: string, incoming: string, supported: ReadonlySet<string> | undefined, clientType: string): string {
  return mergeCalendarText(stored, incoming, calendarMergeRules(supported, clientType === 'text/calendar' ? '2.0' : '1.0'));
}
