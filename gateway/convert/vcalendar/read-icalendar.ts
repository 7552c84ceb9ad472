// Reads iCalendar 2.0 text with ical.js, after the repairs clients need: empty properties, quoted-printable, no VCALENDAR.
import ICAL from 'ical.js';
import { ConvertError } from '../convert-error.ts';
import { notA } from '../versit/parse-versit.ts';
import { parseContentLine } from '../vcard/content-line.ts';
import { decodeQuotedPrintable } from '../vcard/quoted-printable.ts';

/** RFC 5545 section 3.1 unfolding: a line break followed by one space or tab is removed. */
function unfold(data: string): string[] {
  return data.replace(/\r?\n|\r/g, '\n').replace(/\n[ \t]/g, '').split('\n');
}

/** The part of a line before its first `:` outside double quotes. */
function headOf(line: string): string {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    if (line[index] === '"') quoted = !quoted;
    else if (line[index] === ':' && !quoted) return line.slice(0, index);
  }
  return line;
}

/**
 * Old "vCalendar 2.0" writers (Sony Ericsson, early Outlook plug-ins) use vCard-style
 * quoted-printable; it is decoded and its soft line breaks joined.
 */
function decodeQuotedPrintableLines(lines: string[]): string[] {
  const result: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index]!;
    const head = headOf(line);
    if (!/[;:]QUOTED-PRINTABLE|ENCODING=QUOTED-PRINTABLE/i.test(`${head}:`)) {
      result.push(line);
      continue;
    }
    while (line.endsWith('=') && index + 1 < lines.length) line = line.slice(0, -1) + lines[++index]!;
    const parsed = parseContentLine(line);
    if (!parsed) continue;
    const charset = parsed.params.find((p) => p.name === 'CHARSET')?.values[0];
    // The writer's own escapes (if any) stay; only the line breaks need RFC 5545's `\n`.
    const text = decodeQuotedPrintable(parsed.value, charset).replace(/\r\n?|\n/g, '\\n');
    const params = parsed.params
      .filter((p) => p.name !== 'CHARSET' && p.name !== 'ENCODING' && !(p.name === undefined && /^QUOTED-PRINTABLE$/i.test(p.values[0] ?? '')))
      .map((p) => `;${p.name === undefined ? '' : `${p.name}=`}${p.values.join(',')}`)
      .join('');
    result.push(`${parsed.name}${params}:${text}`);
  }
  return result;
}

/** Drops `NAME:` lines with nothing after the colon: clients send them to mean "empty". */
function withoutEmptyProperties(lines: string[]): string[] {
  return lines.filter((line) => {
    const value = line.slice(headOf(line).length + 1);
    return line.trim() !== '' && (value.trim() !== '' || /^(BEGIN|END)\b/i.test(line) || !line.includes(':'));
  });
}

/**
 * Parses iCalendar text into an ical.js VCALENDAR component. A bare VEVENT/VTODO/VJOURNAL is
 * wrapped in a VCALENDAR; of several VCALENDARs the first is read.
 * @throws ConvertError `unsupported-format` for text that is no calendar, `malformed` for
 *   calendar text ical.js cannot read.
 */
export function readICalendar(data: string): ICAL.Component {
  let lines = withoutEmptyProperties(decodeQuotedPrintableLines(unfold(data)));
  if (!lines.some((line) => /^BEGIN:VCALENDAR\s*$/i.test(line))) {
    if (!lines.some((line) => /^BEGIN:(VEVENT|VTODO|VJOURNAL)\s*$/i.test(line))) throw notA('calendar (vCalendar or iCalendar)', 'VCALENDAR', data);
    lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR'];
  }
  const start = lines.findIndex((line) => /^BEGIN:VCALENDAR\s*$/i.test(line));
  const end = lines.findIndex((line, index) => index > start && /^END:VCALENDAR\s*$/i.test(line));
  const text = lines.slice(start, end < 0 ? undefined : end + 1).join('\r\n');
  let parsed: unknown;
  try {
    parsed = ICAL.parse(end < 0 ? `${text}\r\nEND:VCALENDAR` : text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConvertError('malformed', `the iCalendar object cannot be read: ${reason}`, { cause: error });
  }
  const jcal = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed[0] : parsed) as unknown[];
  return new ICAL.Component(jcal as never);
}
