// An iCalendar VJOURNAL -> vNote 1.1 (IrMC), the note format phones store.
import ICAL from 'ical.js';
import { escapeSingleText, escapeText } from '../versit/versit-text.ts';
import { writeVersitLine } from '../versit/write-versit-line.ts';
import { unescapeIcalText } from '../vcalendar/ical-text.ts';
import { formatVcalTime } from '../vcalendar/vcal-date-time.ts';

const timeNames: Record<string, string> = { created: 'DCREATED', 'last-modified': 'LAST-MODIFIED' };

function text(journal: ICAL.Component, name: string): string | undefined {
  const value = journal.getFirstPropertyValue(name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Writes `journal` as vNote 1.1: BODY (the DESCRIPTION, else the SUMMARY), SUMMARY, DCREATED,
 * LAST-MODIFIED, CATEGORIES, CLASS and X- properties. Multi-line and non-ASCII values are
 * quoted-printable UTF-8, the way phones write them.
 */
export function writeVNote(journal: ICAL.Component): string {
  const lines = ['BEGIN:VNOTE', 'VERSION:1.1'];
  const body = text(journal, 'description') ?? text(journal, 'summary') ?? '';
  lines.push(writeVersitLine('BODY', [], escapeSingleText(body)));
  const summary = text(journal, 'summary');
  if (summary) lines.push(writeVersitLine('SUMMARY', [], escapeSingleText(summary)));
  for (const property of journal.getAllProperties()) {
    const value = property.getFirstValue();
    if (property.name in timeNames && value instanceof ICAL.Time) lines.push(writeVersitLine(timeNames[property.name]!, [], formatVcalTime(value)));
    else if (property.name === 'class') lines.push(writeVersitLine('CLASS', [], escapeSingleText(String(value))));
    else if (property.name.startsWith('x-')) lines.push(writeVersitLine(property.name.toUpperCase(), [], unescapeIcalText(String(value ?? ''))));
  }
  const categories = journal.getAllProperties('categories').flatMap((p) => p.getValues().map(String));
  if (categories.length > 0) lines.push(writeVersitLine('CATEGORIES', [], categories.map((c) => escapeText(c)).join(';')));
  lines.push('END:VNOTE');
  return `${lines.join('\r\n')}\r\n`;
}
