// The conversions the engine needs for notes: vNote 1.1 or plain text <-> an iCalendar VJOURNAL on the server.
import { randomUUID } from 'node:crypto';
import { ConvertError } from '../convert-error.ts';
import { parseVersit, notA } from '../versit/parse-versit.ts';
import { toClientCalendar, toServerCalendar } from '../vcalendar/convert.ts';
import { readCalendar } from '../vcalendar/read-calendar.ts';
import { serverCopy } from '../vcalendar/server-copy.ts';
import { journalOfText, journalOfVNote } from './from-vnote.ts';
import { plainTextOf } from './note-text.ts';
import { writeVNote } from './to-vnote.ts';

/** The note content types: vNote 1.1, plain text, or an iCalendar VJOURNAL. */
export type NoteType = 'text/x-vnote' | 'text/plain' | 'text/calendar';

/** Options of `toServerNote`. */
export interface ToServerNoteOptions {
  /** The UID the stored journal must have (replaces the note's own). */
  uid?: string;
  /** Makes a UID when the note has none; defaults to a random UUID. Inject for tests. */
  newUid?: () => string;
  /** The clock for DTSTAMP. Inject for tests. */
  now?: () => Date;
}

const startsWith = (data: string, object: string): boolean => new RegExp(`^\\s*BEGIN[ \\t]*:[ \\t]*${object}\\b`, 'i').test(data);

/**
 * Converts a note from a client into the iCalendar VJOURNAL a CalDAV server stores. The content
 * decides over `fromType`: a vNote (BEGIN:VNOTE) or a calendar (BEGIN:VCALENDAR) is read as
 * such; anything else sent as text/plain is the note's text. SUMMARY is the first line,
 * DESCRIPTION the whole body; UID, DTSTAMP, CREATED, LAST-MODIFIED, CATEGORIES and CLASS are
 * kept where the note has them.
 * @throws ConvertError when a vNote or calendar was announced but the data is not one.
 */
export function toServerNote(data: string, fromType: NoteType, options: ToServerNoteOptions = {}): string {
  const newUid = options.newUid ?? randomUUID;
  const now = options.now ?? (() => new Date());
  if (startsWith(data, 'VCALENDAR') || (fromType === 'text/calendar' && !startsWith(data, 'VNOTE'))) {
    return toServerCalendar(data, 'text/calendar', { uid: options.uid, component: 'VJOURNAL', newUid, now });
  }
  let calendar;
  if (startsWith(data, 'VNOTE')) calendar = journalOfVNote(parseVersit(data, 'VNOTE', 'vNote'));
  else if (fromType === 'text/x-vnote') throw notA('vNote', 'VNOTE', data);
  else calendar = journalOfText(data);
  return serverCopy(calendar, { uid: options.uid, component: 'VJOURNAL', newUid, now });
}

/**
 * Converts a stored VJOURNAL into what the client asked for: a vNote 1.1, the note's plain
 * text (the body, with the title in front when the body does not start with it; CRLF line
 * ends), or the iCalendar object itself.
 * @throws ConvertError when `data` is not a calendar or holds no item.
 */
export function toClientNote(data: string, toType: NoteType): string {
  if (toType === 'text/calendar') return toClientCalendar(data, 'text/calendar');
  const calendar = readCalendar(data);
  const journal = calendar.getFirstSubcomponent('vjournal') ?? calendar.getAllSubcomponents().find((c) => c.name !== 'vtimezone');
  if (!journal) throw new ConvertError('unsupported-format', 'the calendar holds no journal entry (no VJOURNAL)');
  if (toType === 'text/x-vnote') return writeVNote(journal);
  const summary = journal.getFirstPropertyValue('summary');
  const description = journal.getFirstPropertyValue('description');
  const text = plainTextOf(typeof summary === 'string' ? summary : undefined, typeof description === 'string' ? description : undefined);
  return text.replace(/\n/g, '\r\n');
}
