// Keeps on the server what a notes device cannot store: a plain-text note holds only its text,
// a vNote its body, title, dates, class, categories and X- properties; the rest of the stored
// VJOURNAL (start date, attachments, organizer, ...) stays when the device sends the note back.
import type ICAL from 'ical.js';
import { mergeCalendarText, type MergeRules } from '../vcalendar/merge-calendar.ts';
import { calendarMergeRules } from '../vcalendar/merge-rules.ts';
import type { NoteType } from './convert.ts';
import { firstLine, normaliseBreaks } from './note-text.ts';

/** vNote CTCap names and the VJOURNAL properties our vNote writer fills from them. */
const vnoteNames: Record<string, string> = { BODY: 'DESCRIPTION', SUMMARY: 'SUMMARY', DCREATED: 'CREATED', 'LAST-MODIFIED': 'LAST-MODIFIED', CLASS: 'CLASS', CATEGORIES: 'CATEGORIES' };
const plainTextNames = new Set(['SUMMARY', 'DESCRIPTION']);

function noteRules(supported: ReadonlySet<string> | undefined, type: 'text/plain' | 'text/x-vnote'): MergeRules {
  if (type === 'text/plain') return { carries: (name) => plainTextNames.has(name), carriesAlarm: () => false, carriesOverrides: false };
  const inFormat = (name: string): boolean => name.startsWith('X-') || Object.values(vnoteNames).includes(name);
  const listed = (name: string): boolean =>
    supported === undefined ||
    Object.entries(vnoteNames).some(([ctName, n]) => n === name && supported.has(ctName)) ||
    (name.startsWith('X-') && (supported.has(name) || supported.has('X-*')));
  return { carries: (name) => inFormat(name) && listed(name), carriesAlarm: () => false, carriesOverrides: false };
}

function journalOf(calendar: ICAL.Component): ICAL.Component | undefined {
  return calendar.getFirstSubcomponent('vjournal') ?? undefined;
}

function textOf(journal: ICAL.Component, name: string): string | undefined {
  const value = journal.getFirstPropertyValue(name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The stored title when it is more than the first line of the body (a title of its own). */
function ownTitle(journal: ICAL.Component): string | undefined {
  const summary = textOf(journal, 'summary');
  const description = textOf(journal, 'description');
  return summary !== undefined && description !== undefined && firstLine(normaliseBreaks(description)) !== summary.trim() ? summary : undefined;
}

/**
 * Undoes what the note formats did to the title before the merge: a plain-text client was
 * shown the stored title in front of the body, so its first line is the title again and the
 * rest the body; a vNote device without SUMMARY only derived a title from its body's first
 * line, which gives way to a stored title of its own. A body that is just the title, for a
 * stored note that had no body, is no body.
 */
function restoreTitle(type: 'text/plain' | 'text/x-vnote', rules: MergeRules) {
  return (stored: ICAL.Component, incoming: ICAL.Component): void => {
    const before = journalOf(stored);
    const after = journalOf(incoming);
    if (before === undefined || after === undefined) return;
    const title = ownTitle(before);
    const body = textOf(after, 'description');
    if (type === 'text/plain' && title !== undefined && body !== undefined) {
      const lines = normaliseBreaks(body).split('\n');
      const rest = lines.slice(lines.findIndex((line) => line.trim() !== '') + 1).join('\n');
      if (rest.trim() === '') after.removeAllProperties('description');
      else after.updatePropertyWithValue('description', rest);
    } else if (type === 'text/x-vnote' && title !== undefined && !rules.carries('SUMMARY')) {
      after.removeAllProperties('summary');
    }
    if (textOf(before, 'description') === undefined && body !== undefined && body.trim() === textOf(after, 'summary')?.trim()) {
      after.removeAllProperties('description');
    }
  };
}

/**
 * A note the device sent back (`incoming`, already the stored VJOURNAL form) merged with the
 * stored one: what the device's format and CTCap (`supported`, undefined when it lists none)
 * hold comes from the device, the rest from `stored`.
 */
export function mergeNote(stored: string, incoming: string, supported: ReadonlySet<string> | undefined, type: NoteType): string {
  if (type === 'text/calendar') return mergeCalendarText(stored, incoming, calendarMergeRules(supported, '2.0'));
  const rules = noteRules(supported, type);
  return mergeCalendarText(stored, incoming, rules, restoreTitle(type, rules));
}
