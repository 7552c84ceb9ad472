// vCalendar 1.0 ATTENDEE (section 2.1.5.1: `ROLE`, `STATUS`, `RSVP`, `EXPECT`, an RFC 822 address) <-> ATTENDEE / ORGANIZER.
import ICAL from 'ical.js';
import type { VersitProperty } from '../versit/parse-versit.ts';
import { escapeSingleText, unescapeText } from '../versit/versit-text.ts';
import type { VersitParam } from '../versit/write-versit-line.ts';
import { icalPartstat, icalRole, vcalAttendeeStatus, vcalRole } from './vcal-enumerations.ts';

const mapped = new Set(['ROLE', 'EXPECT', 'STATUS', 'RSVP', 'CN', 'TYPE', 'VALUE']);

/** `John Smith <john@example.com>`, `MAILTO:john@example.com`, a bare address or a bare name. */
function splitAddress(text: string): { name: string | undefined; address: string } {
  const value = text.replace(/^\s*mailto:\s*/i, '').trim();
  const angle = /^(.*?)\s*<([^>]*)>\s*$/.exec(value);
  if (angle) {
    const name = angle[1]!.replace(/^"(.*)"$/, '$1').trim();
    return { name: name || undefined, address: `mailto:${angle[2]!.replace(/^mailto:/i, '').trim()}` };
  }
  if (value.includes('@')) return { name: undefined, address: `mailto:${value}` };
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return { name: undefined, address: value };
  // A name without an address: kept as the CN, with a URI made of it so the property stays valid.
  return { name: value, address: `mailto:${encodeURIComponent(value)}` };
}

const first = (property: VersitProperty, name: string): string | undefined => property.params.get(name)?.[0];

/** The iCalendar ATTENDEE (or ORGANIZER, for `ROLE=ORGANIZER`) of a vCalendar ATTENDEE. */
export function icalAttendee(property: VersitProperty): ICAL.Property {
  const { name, address } = splitAddress(unescapeText(property.value));
  const role = icalRole(first(property, 'ROLE'), first(property, 'EXPECT'));
  const result = new ICAL.Property(role === undefined ? 'organizer' : 'attendee');
  result.setValue(address);
  const cn = first(property, 'CN') ?? name;
  if (cn) result.setParameter('cn', cn);
  if (role !== undefined) {
    result.setParameter('role', role);
    const status = first(property, 'STATUS');
    if (status) result.setParameter('partstat', icalPartstat(status));
    const rsvp = first(property, 'RSVP');
    if (rsvp) result.setParameter('rsvp', /^(YES|TRUE)$/i.test(rsvp) ? 'TRUE' : 'FALSE');
  }
  for (const [key, values] of property.params) if (!mapped.has(key)) result.setParameter(key.toLowerCase(), values.length === 1 ? values[0]! : values);
  return result;
}

/** The vCalendar ATTENDEE line parts of an iCalendar ATTENDEE or ORGANIZER; other iCalendar parameters but X- ones are left out. */
export function vcalAttendee(property: ICAL.Property): { params: VersitParam[]; value: string } {
  const address = String(property.getFirstValue() ?? '').replace(/^mailto:/i, '');
  const cn = property.getParameter('cn');
  const name = typeof cn === 'string' && cn !== '' ? cn : undefined;
  let value: string;
  if (address.includes('@')) value = name ? `${name} <${address}>` : address;
  else value = name ?? safeDecode(address);
  const params: VersitParam[] = [];
  if (property.name === 'organizer') params.push(['ROLE', 'ORGANIZER']);
  else {
    const { role, expect } = vcalRole(stringParam(property, 'role'));
    params.push(['ROLE', role]);
    const partstat = stringParam(property, 'partstat');
    if (partstat) params.push(['STATUS', vcalAttendeeStatus(partstat)]);
    const rsvp = stringParam(property, 'rsvp');
    if (rsvp) params.push(['RSVP', /^TRUE$/i.test(rsvp) ? 'YES' : 'NO']);
    if (expect) params.push(['EXPECT', expect]);
  }
  for (const [key, values] of Object.entries(property.toJSON()[1] as Record<string, unknown>)) {
    if (/^x-/i.test(key)) for (const v of [values].flat()) params.push([key.toUpperCase(), String(v)]);
  }
  return { params, value: escapeSingleText(value) };
}

function stringParam(property: ICAL.Property, name: string): string | undefined {
  const value = property.getParameter(name);
  return Array.isArray(value) ? value[0] : (value ?? undefined);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
