// Test fixtures on a real DAV server: throwaway address books and calendars per test run, a counting fetch.
import { randomBytes } from 'node:crypto';
import type { UserCredentials } from '../../../gateway/ports/backend.ts';
import type { FetchFunction } from '../../../adapters/dav/request.ts';

export interface RequestLog {
  fetch: FetchFunction;
  requests: Array<{ method: string; url: string }>;
  count(method: string): number;
}

/** The global fetch, recording every request. */
export function countingFetch(): RequestLog {
  const requests: Array<{ method: string; url: string }> = [];
  return {
    requests,
    fetch: (url, init) => {
      requests.push({ method: init.method ?? 'GET', url });
      return fetch(url, init);
    },
    count: (method) => requests.filter((r) => r.method === method).length,
  };
}

function authorization(credentials: UserCredentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
}

/** Creates an address book (extended MKCOL, RFC 5689) in the user's home; returns its URL. */
export async function createAddressBook(davUrl: string, credentials: UserCredentials, name: string, displayName: string): Promise<string> {
  const url = new URL(`${encodeURIComponent(credentials.user)}/${encodeURIComponent(name)}/`, davUrl).href;
  const body =
    `<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">` +
    `<D:set><D:prop><D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>` +
    `<D:displayname>${displayName}</D:displayname></D:prop></D:set></D:mkcol>`;
  const response = await fetch(url, {
    method: 'MKCOL',
    headers: { Authorization: authorization(credentials), 'Content-Type': 'application/xml; charset=utf-8' },
    body: Buffer.from(body),
  });
  if (response.status !== 201) throw new Error(`MKCOL ${url}: ${response.status} ${await response.text()}`);
  return url;
}

/** Creates a calendar (MKCALENDAR, RFC 4791 §5.3.1) taking `components`; returns its URL. */
export async function createCalendar(
  davUrl: string,
  credentials: UserCredentials,
  name: string,
  displayName: string,
  components: readonly string[],
): Promise<string> {
  const url = new URL(`${encodeURIComponent(credentials.user)}/${encodeURIComponent(name)}/`, davUrl).href;
  const comps = components.map((c) => `<C:comp name="${c}"/>`).join('');
  const body =
    `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">` +
    `<D:set><D:prop><D:displayname>${displayName}</D:displayname>` +
    `<C:supported-calendar-component-set>${comps}</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>`;
  const response = await fetch(url, {
    method: 'MKCALENDAR',
    headers: { Authorization: authorization(credentials), 'Content-Type': 'application/xml; charset=utf-8' },
    body: Buffer.from(body),
  });
  if (response.status !== 201) throw new Error(`MKCALENDAR ${url}: ${response.status} ${await response.text()}`);
  return url;
}

export async function deleteCollection(url: string, credentials: UserCredentials): Promise<void> {
  const response = await fetch(url, { method: 'DELETE', headers: { Authorization: authorization(credentials) } });
  await response.arrayBuffer();
}

/** A name unique to this run ("adapter-test-1a2b3c4d"). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function vcard(uid: string, name: string, extra = ''): string {
  return `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${name}\r\nN:${name};;;;\r\n${extra}END:VCARD\r\n`;
}

/** An iCalendar object holding one `component` (VEVENT, VTODO, VJOURNAL). */
export function icalendar(component: string, uid: string, summary: string, extra = ''): string {
  const dates = component === 'VEVENT' ? 'DTSTART:20260310T090000Z\r\nDTEND:20260310T100000Z\r\n' : component === 'VJOURNAL' ? 'DTSTART;VALUE=DATE:20260310\r\n' : '';
  return (
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//syncml-gateway//tests//EN\r\nBEGIN:${component}\r\nUID:${uid}\r\n` +
    `DTSTAMP:20260301T120000Z\r\n${dates}SUMMARY:${summary}\r\n${extra}END:${component}\r\nEND:VCALENDAR\r\n`
  );
}
