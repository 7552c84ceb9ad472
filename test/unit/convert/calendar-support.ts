// Test helpers for the calendar and note converters: corpus items, and what a user sees of an item, read with ical.js alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';

const corpusFolder = fileURLToPath(new URL('../../fixtures/corpora/calendar/', import.meta.url));

/** The text of a fixture file under test/fixtures/corpora/calendar/. */
export function fixture(path: string): string {
  return readFileSync(corpusFolder + path, 'utf8');
}

export interface CorpusItem {
  name: string;
  text: string;
}

/** The items of a SyncEvolution corpus file (blank-line separated), named after their SUMMARY (made unique with #n). */
export function corpusItems(file: string): CorpusItem[] {
  const seen = new Map<string, number>();
  return fixture(`syncevolution/${file}`)
    .split(/\r?\n\r?\n(?=BEGIN:VCALENDAR)/i)
    .filter((item) => item.trim() !== '')
    .map((text) => {
      const summary = /^SUMMARY[^:]*:(.*)$/m.exec(text)?.[1]?.trim() ?? 'no SUMMARY';
      const count = (seen.get(summary) ?? 0) + 1;
      seen.set(summary, count);
      return { name: count > 1 ? `${summary} #${count}` : summary, text };
    });
}

/** Deterministic UIDs and clock for converter calls. */
export const deterministic = { newUid: (): string => 'generated-uid', now: (): Date => new Date(Date.UTC(2026, 0, 1, 12)) };

/** What a user sees of one event, task or journal entry (an override is its own item). */
export interface ItemView {
  kind: string;
  recurrenceId?: string;
  summary?: string;
  location?: string;
  description?: string;
  url?: string;
  categories: string[];
  class: string;
  priority: number;
  status?: string;
  busy?: boolean;
  allDay: boolean;
  start?: string;
  end?: string;
  due?: string;
  completed?: string;
  percent?: number;
  occurrences?: string[];
  endless?: boolean;
  alarms: string[];
  organizer?: string;
  attendees: string[];
  x: string[];
}

/** `2026-11-26` for dates, the UTC instant for zoned and UTC times, `... floating` for wall-clock times. */
export function timeText(time: ICAL.Time): string {
  if (time.isDate) return time.toString();
  if (time.zone && time.zone.tzid !== 'floating') return new Date(time.toUnixTime() * 1000).toISOString().replace('.000Z', 'Z');
  return `${time.toString()} floating`;
}

function epochSeconds(time: ICAL.Time): number {
  if (time.isDate || !time.zone || time.zone.tzid === 'floating') {
    return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second) / 1000;
  }
  return time.toUnixTime();
}

function text(item: ICAL.Component, name: string): string | undefined {
  const value = item.getFirstPropertyValue(name);
  return value === null || value === undefined || value === '' ? undefined : String(value);
}

function timeOf(item: ICAL.Component, name: string): ICAL.Time | undefined {
  const value = item.getFirstPropertyValue(name);
  return value instanceof ICAL.Time ? value : undefined;
}

function endOf(item: ICAL.Component, start: ICAL.Time | undefined): ICAL.Time | undefined {
  const end = timeOf(item, item.name === 'vtodo' ? 'due' : 'dtend');
  if (end) return end;
  const duration = item.getFirstPropertyValue('duration');
  if (start && duration instanceof ICAL.Duration) {
    const computed = start.clone();
    computed.addDuration(duration);
    return computed;
  }
  if (start && item.name === 'vevent') {
    // RFC 5545 section 3.6.1: a DATE start alone lasts the day, a DATE-TIME start alone takes no time.
    const computed = start.clone();
    if (start.isDate) computed.adjust(1, 0, 0, 0);
    return computed;
  }
  return undefined;
}

function alarmsOf(item: ICAL.Component, start: ICAL.Time | undefined, end: ICAL.Time | undefined): string[] {
  return item
    .getAllSubcomponents('valarm')
    .map((alarm) => {
      const action = String(alarm.getFirstPropertyValue('action') ?? '').toUpperCase();
      const trigger = alarm.getFirstProperty('trigger');
      const value = trigger?.getFirstValue();
      let offset: number | string = 'none';
      if (value instanceof ICAL.Duration) {
        offset = value.toSeconds();
        if (trigger!.getParameter('related') === 'END' && start && end) offset += epochSeconds(end) - epochSeconds(start);
        else if (!start && end) offset = value.toSeconds();
      } else if (value instanceof ICAL.Time) {
        offset = start ? epochSeconds(value) - epochSeconds(start) : timeText(value);
      }
      return `${action} ${offset}`;
    })
    .sort();
}

function personOf(property: ICAL.Property): string {
  const address = String(property.getFirstValue() ?? '').replace(/^mailto:/i, '').toLowerCase();
  const cn = property.getParameter('cn');
  return `${address} ${typeof cn === 'string' ? cn : ''}`.trim();
}

function attendeesOf(item: ICAL.Component): string[] {
  return item
    .getAllProperties('attendee')
    .map((attendee) => {
      const param = (name: string, fallback: string): string => {
        const value = attendee.getParameter(name);
        return (typeof value === 'string' ? value : fallback).toUpperCase();
      };
      return `${personOf(attendee)} | ${param('role', 'REQ-PARTICIPANT')} | ${param('partstat', 'NEEDS-ACTION')} | RSVP ${param('rsvp', 'FALSE')}`;
    })
    .sort();
}

function occurrencesOf(item: ICAL.Component, start: ICAL.Time | undefined): { occurrences?: string[]; endless?: boolean } {
  if (!start || !['rrule', 'rdate'].some((name) => item.hasProperty(name))) return {};
  const expansion = new ICAL.RecurExpansion({ component: item, dtstart: start });
  const occurrences: string[] = [];
  for (let next = expansion.next(); next && occurrences.length < 14; next = expansion.next()) occurrences.push(timeText(next));
  // RFC 5545 section 3.8.5.3: DTSTART is always the first instance; ical.js leaves it out when only RDATEs recur.
  const excluded = item.getAllProperties('exdate').flatMap((p) => p.getValues().map((v) => timeText(v as ICAL.Time)));
  if (occurrences[0] !== timeText(start) && !excluded.includes(timeText(start))) {
    occurrences.unshift(timeText(start));
    if (occurrences.length > 14) occurrences.pop();
  }
  const endless = item.getAllProperties('rrule').some((p) => {
    const recur = p.getFirstValue() as ICAL.Recur;
    return !recur.count && !recur.until;
  });
  return { occurrences, endless };
}

function xProperties(item: ICAL.Component): string[] {
  return item
    .getAllProperties()
    .filter((p) => p.name.startsWith('x-'))
    .map((p) => `${p.name.toUpperCase()}:${String(p.getFirstValue()).replace(/\\([\\;,nN])/g, (_w, c: string) => (c.toLowerCase() === 'n' ? '\n' : c))}`)
    .sort();
}

function viewOf(item: ICAL.Component): ItemView {
  const start = timeOf(item, 'dtstart');
  const end = endOf(item, start);
  const recurrenceId = timeOf(item, 'recurrence-id');
  const view: ItemView = {
    kind: item.name.toUpperCase(),
    ...(recurrenceId ? { recurrenceId: timeText(recurrenceId) } : {}),
    summary: text(item, 'summary'),
    location: text(item, 'location'),
    description: text(item, 'description'),
    url: text(item, 'url'),
    categories: item.getAllProperties('categories').flatMap((p) => p.getValues().map(String)),
    class: (text(item, 'class') ?? 'PUBLIC').toUpperCase(),
    priority: Number(item.getFirstPropertyValue('priority') ?? 0),
    status: text(item, 'status')?.toUpperCase(),
    ...(item.name === 'vevent' ? { busy: (text(item, 'transp') ?? 'OPAQUE').toUpperCase() === 'OPAQUE' } : {}),
    allDay: start?.isDate ?? timeOf(item, 'due')?.isDate ?? false,
    start: start && timeText(start),
    end: item.name === 'vevent' && end ? timeText(end) : undefined,
    due: item.name === 'vtodo' && end ? timeText(end) : undefined,
    completed: timeOf(item, 'completed') && timeText(timeOf(item, 'completed')!),
    percent: item.hasProperty('percent-complete') ? Number(item.getFirstPropertyValue('percent-complete')) : undefined,
    ...occurrencesOf(item, start),
    alarms: alarmsOf(item, start ?? timeOf(item, 'due'), end),
    organizer: item.getFirstProperty('organizer') ? personOf(item.getFirstProperty('organizer')!) : undefined,
    attendees: attendeesOf(item),
    x: xProperties(item),
  };
  return Object.fromEntries(Object.entries(view).filter(([, value]) => value !== undefined)) as unknown as ItemView;
}

/** The items of an iCalendar text as a user sees them (ical.js alone, none of the converter's code), overrides by RECURRENCE-ID. */
export function userView(ics: string): ItemView[] {
  const calendar = new ICAL.Component(ICAL.parse(ics) as never);
  return calendar
    .getAllSubcomponents()
    .filter((c) => ['vevent', 'vtodo', 'vjournal'].includes(c.name))
    .map(viewOf)
    .sort((a, b) => (a.recurrenceId ?? '').localeCompare(b.recurrenceId ?? ''));
}

/** Checks `actual` has every field of `expected` with that value (the rest of the view may be anything). */
export function assertViewIncludes(actual: ItemView, expected: Partial<ItemView>, label: string): void {
  for (const [key, value] of Object.entries(expected)) {
    assert.deepEqual((actual as unknown as Record<string, unknown>)[key], value, `${label}: ${key}`);
  }
}

/** The checks RFC 5545 and RFC 4791 make of what a CalDAV server stores. */
export function assertValidServerCalendar(server: string): void {
  assert.ok(server.startsWith('BEGIN:VCALENDAR\r\n'), 'starts with BEGIN:VCALENDAR');
  assert.ok(server.endsWith('END:VCALENDAR\r\n'), 'ends with END:VCALENDAR and CRLF');
  assert.doesNotMatch(server.replace(/\r\n/g, ''), /[\r\n]/, 'CRLF line ends only');
  const calendar = new ICAL.Component(ICAL.parse(server) as never);
  assert.equal(calendar.name, 'vcalendar');
  assert.equal(calendar.getFirstPropertyValue('version'), '2.0', 'VERSION 2.0');
  assert.ok(calendar.getFirstPropertyValue('prodid'), 'a PRODID');
  assert.equal(calendar.getFirstProperty('method'), null, 'no METHOD (RFC 4791 section 4.1)');
  const items = calendar.getAllSubcomponents().filter((c) => ['vevent', 'vtodo', 'vjournal'].includes(c.name));
  assert.ok(items.length > 0, 'at least one item');
  assert.equal(new Set(items.map((item) => item.name)).size, 1, 'one kind of component');
  const uids = items.map((item) => item.getAllProperties('uid').map((p) => p.getFirstValue()));
  for (const list of uids) assert.equal(list.length, 1, 'each item has exactly one UID');
  assert.equal(new Set(uids.flat()).size, 1, 'one UID for the whole object');
  for (const item of items) assert.ok(item.getFirstPropertyValue('dtstamp'), 'each item has a DTSTAMP');
  assert.equal(items.filter((item) => !item.hasProperty('recurrence-id')).length <= 1, true, 'at most one master item');
  const zones = new Set(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')));
  const visit = (component: ICAL.Component): void => {
    for (const property of component.getAllProperties()) {
      const tzid = property.getParameter('tzid');
      if (typeof tzid === 'string') assert.ok(zones.has(tzid), `VTIMEZONE for TZID ${tzid}`);
      const values = property.toJSON().slice(3) as unknown[];
      assert.ok(values.some((v) => v !== ''), `no empty property (${property.name})`);
    }
    for (const child of component.getAllSubcomponents()) if (child.name !== 'vtimezone') visit(child);
  };
  visit(calendar);
}

/** Logical lines of a vCalendar 1.0 / vNote text, read independently of the converter: unfolded, soft breaks joined. */
function vcalLines(text: string): string[] {
  return text.replace(/=\r\n/g, '').replace(/\r\n(?=[ \t])/g, '').split('\r\n').filter(Boolean);
}

/** A property of a 1.0 text decoded as a user would read it (quoted-printable in UTF-8 or Latin-1), or undefined. */
export function vcalText(text: string, name: string): string | undefined {
  const line = vcalLines(text).find((l) => new RegExp(`^${name}[;:]`, 'i').test(l));
  if (!line) return undefined;
  const colon = line.indexOf(':');
  const head = line.slice(0, colon);
  let value = line.slice(colon + 1);
  if (/QUOTED-PRINTABLE/i.test(head)) {
    const bytes: number[] = [];
    for (let index = 0; index < value.length; index++) {
      const escape = /^=([0-9A-F]{2})/i.exec(value.slice(index));
      if (escape) {
        bytes.push(Number.parseInt(escape[1]!, 16));
        index += 2;
      } else bytes.push(value.charCodeAt(index));
    }
    value = Buffer.from(bytes).toString(/ISO-8859-1/i.test(head) ? 'latin1' : 'utf8');
  }
  return value.replace(/\r\n/g, '\n');
}
