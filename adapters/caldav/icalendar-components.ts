// Just enough of iCalendar's structure (RFC 5545 §3.4, §3.6) for storage: which components an
// object holds and their UID. Reading and writing the properties is the converters' job.

/** The calendar components a CalDAV store holds (RFC 4791 §4.1: one kind per resource). */
export type CalendarComponent = 'VEVENT' | 'VTODO' | 'VJOURNAL';

export const calendarComponents: readonly CalendarComponent[] = ['VEVENT', 'VTODO', 'VJOURNAL'];

interface TopComponent {
  name: string;
  uid: string | undefined;
  /** Index of its END line. */
  end: number;
}

const beginLine = /^BEGIN:([A-Za-z0-9-]+)\s*$/i;
const endLine = /^END:([A-Za-z0-9-]+)\s*$/i;
const uidLine = /^UID(?:;[^:]*)?:(.*)$/i;

function isContinuation(line: string): boolean {
  return line.startsWith(' ') || line.startsWith('\t');
}

/** Value of the property starting at `lines[index]`, folded lines joined (RFC 5545 §3.1). */
function unfoldedValue(lines: readonly string[], index: number, first: string): string {
  let value = first;
  for (let i = index + 1; i < lines.length && isContinuation(lines[i] ?? ''); i++) value += (lines[i] ?? '').slice(1);
  return value.trim();
}

/**
 * The components directly inside VCALENDAR except VTIMEZONE (a recurring event with overrides
 * has several VEVENTs of one UID). Nested ones (VALARM) do not count, nor do their UIDs.
 */
function topComponents(lines: readonly string[]): TopComponent[] {
  const found: TopComponent[] = [];
  const stack: string[] = [];
  let current: Omit<TopComponent, 'end'> | undefined;
  lines.forEach((line, index) => {
    if (isContinuation(line)) return;
    const begin = beginLine.exec(line);
    if (begin) {
      const name = (begin[1] ?? '').toUpperCase();
      const parent = stack[stack.length - 1];
      if ((parent === 'VCALENDAR' && stack.length === 1) || (parent === undefined && name !== 'VCALENDAR')) {
        if (name !== 'VTIMEZONE') current = { name, uid: undefined };
      }
      stack.push(name);
      return;
    }
    if (endLine.test(line)) {
      stack.pop();
      const atTop = stack.length === 0 || (stack.length === 1 && stack[0] === 'VCALENDAR');
      if (current && atTop) {
        found.push({ ...current, end: index });
        current = undefined;
      }
      return;
    }
    const uid = uidLine.exec(line);
    const depth = stack[0] === 'VCALENDAR' ? 2 : 1;
    if (uid && current && current.uid === undefined && stack.length === depth) {
      const value = unfoldedValue(lines, index, uid[1] ?? '');
      if (value !== '') current.uid = value;
    }
  });
  return found;
}

function splitLines(data: string): string[] {
  return data.split(/\r\n|\n|\r/);
}

/** Names of the top-level components ("VEVENT"), VTIMEZONE left out, in order. */
export function componentNames(data: string): string[] {
  return topComponents(splitLines(data)).map((c) => c.name);
}

/** The UID of the object: that of its first top-level component. */
export function calendarUid(data: string): string | undefined {
  return topComponents(splitLines(data)).find((c) => c.uid !== undefined)?.uid;
}

/** Adds `UID:<uid>` to every top-level component that has none (before its END line). */
export function withCalendarUid(data: string, uid: string): string {
  const lines = splitLines(data);
  const missing = topComponents(lines).filter((c) => c.uid === undefined);
  if (missing.length === 0) return data;
  for (const component of [...missing].reverse()) lines.splice(component.end, 0, `UID:${uid}`);
  return lines.join(data.includes('\r\n') || !data.includes('\n') ? '\r\n' : '\n');
}
