// What identifies a calendar item or note beyond its id: the keys a slow sync matches on
// (UID, or summary with start), a name for the log, and when it was last changed.

/** Unfolded content lines of an iCalendar text, first component's properties first. */
function lines(data: string): string[] {
  return data.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
}

function value(all: string[], name: string): string | undefined {
  const line = all.find((l) => l.toUpperCase().startsWith(`${name};`) || l.toUpperCase().startsWith(`${name}:`));
  return line === undefined ? undefined : line.slice(line.indexOf(':') + 1).trim();
}

export function calendarMatchKeys(data: string): string[] {
  const all = lines(data);
  const keys: string[] = [];
  const uid = value(all, 'UID');
  if (uid) keys.push(`uid:${uid}`);
  const summary = value(all, 'SUMMARY');
  if (summary) keys.push(`summary:${summary.toLowerCase().replace(/\s+/g, ' ')}|${value(all, 'DTSTART') ?? value(all, 'DUE') ?? ''}`);
  return keys;
}

export function calendarDisplayName(data: string): string | undefined {
  return value(lines(data), 'SUMMARY');
}

export function calendarModified(data: string): Date | undefined {
  const all = lines(data);
  const text = value(all, 'LAST-MODIFIED') ?? value(all, 'DTSTAMP');
  const m = text === undefined ? null : /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$/.exec(text);
  if (m === null) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
