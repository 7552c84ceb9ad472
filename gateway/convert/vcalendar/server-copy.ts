// Turns a parsed calendar object into what a CalDAV server stores (RFC 4791 section 4.1): one item, one UID, complete.
import ICAL from 'ical.js';
import { ConvertError } from '../convert-error.ts';
import type { JCalComponent, JCalProperty } from './jcal.ts';
import { gatewayProdId } from './product.ts';
import { completeTimezones } from './timezones.ts';

/** The components a calendar item is made of. */
export type CalendarComponentName = 'VEVENT' | 'VTODO' | 'VJOURNAL';

const itemNames = ['vevent', 'vtodo', 'vjournal'];
const nouns: Record<string, string> = { vevent: 'event', vtodo: 'task', vjournal: 'journal entry' };
const withArticle = (kind: string): string => `${kind === 'vevent' ? 'an' : 'a'} ${nouns[kind]} (${kind.toUpperCase()})`;

/** What the server copy needs besides the data. */
export interface ServerCopyOptions {
  uid: string | undefined;
  component: CalendarComponentName | undefined;
  newUid: () => string;
  now: () => Date;
}

function isEmptyProperty(property: JCalProperty): boolean {
  const values = property.slice(3);
  return values.every((value) => value === null || value === '' || (Array.isArray(value) && value.every((v) => v === '' || v === null)));
}

function dropEmptyProperties(component: JCalComponent): void {
  component[1] = component[1].filter((property) => !isEmptyProperty(property));
  for (const child of component[2]) dropEmptyProperties(child);
}

/** Replaces every property of that name by `property`, where the first one was (else first). */
function setProperty(component: JCalComponent, property: JCalProperty): void {
  const index = Math.max(0, component[1].findIndex((p) => p[0] === property[0]));
  component[1] = component[1].filter((p) => p[0] !== property[0]);
  component[1].splice(index, 0, property);
}

/** Checks RFC 4791 section 4.1: one kind of component, one item (plus its overridden occurrences). */
function itemsOf(calendar: JCalComponent, expected: CalendarComponentName | undefined): JCalComponent[] {
  const items = calendar[2].filter((component) => itemNames.includes(component[0]));
  const kinds = [...new Set(items.map((item) => item[0]))];
  if (kinds.length === 0) throw new ConvertError('unsupported-format', 'the calendar holds no event, task or journal entry (no VEVENT, VTODO or VJOURNAL)');
  if (expected && !kinds.includes(expected.toLowerCase())) {
    throw new ConvertError('unsupported-format', `expected ${withArticle(expected.toLowerCase())}, the item is ${withArticle(kinds[0]!)}`);
  }
  if (kinds.length > 1) {
    throw new ConvertError('malformed', `the item mixes ${kinds.map((k) => k.toUpperCase()).join(' and ')}; a calendar resource holds one kind of component`);
  }
  const masters = items.filter((item) => !item[1].some((p) => p[0] === 'recurrence-id'));
  if (masters.length > 1) {
    throw new ConvertError('malformed', `the item holds ${masters.length} separate ${nouns[kinds[0]!]}s; a calendar resource holds one`);
  }
  if (kinds[0] === 'vevent' && items.some((item) => !item[1].some((p) => p[0] === 'dtstart'))) {
    throw new ConvertError('malformed', 'the event has no start time (DTSTART)');
  }
  return items;
}

/** `2026-11-26T09:00:00Z`, the jCal form of a UTC date-time. */
function utcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * Serialises `calendar` as the server copy: no METHOD (RFC 4791 section 4.1), VERSION 2.0,
 * a PRODID, exactly one UID shared by the item and its overrides (`options.uid`, else the
 * item's, else a new one), a DTSTAMP in every item, no empty properties, and a VTIMEZONE for
 * every TZID (see `completeTimezones`), VTIMEZONEs first.
 * @throws ConvertError when the object holds no item, the wrong kind, or several items.
 */
export function serverCopy(calendar: ICAL.Component, options: ServerCopyOptions): string {
  const jcal = structuredClone(calendar.toJSON()) as JCalComponent;
  jcal[1] = jcal[1].filter((property) => property[0] !== 'method' && property[0] !== 'version');
  jcal[1].unshift(['version', {}, 'text', '2.0']);
  if (!jcal[1].some((property) => property[0] === 'prodid')) jcal[1].splice(1, 0, ['prodid', {}, 'text', gatewayProdId]);
  dropEmptyProperties(jcal);
  const items = itemsOf(jcal, options.component);
  const ownUid = items.map((item) => item[1].find((p) => p[0] === 'uid')?.[3]).find((uid) => typeof uid === 'string' && uid.trim() !== '');
  const uid = options.uid ?? (ownUid as string | undefined) ?? options.newUid();
  const stamp = utcStamp(options.now());
  for (const item of items) {
    setProperty(item, ['uid', {}, 'text', uid]);
    if (!item[1].some((p) => p[0] === 'dtstamp')) item[1].splice(1, 0, ['dtstamp', {}, 'date-time', stamp]);
  }
  completeTimezones(jcal);
  const timezones = jcal[2].filter((component) => component[0] === 'vtimezone');
  jcal[2] = [...timezones, ...jcal[2].filter((component) => component[0] !== 'vtimezone')];
  return `${new ICAL.Component(jcal as never).toString()}\r\n`;
}
