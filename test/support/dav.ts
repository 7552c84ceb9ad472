// Direct CardDAV/CalDAV access to the stack's Radicale for test setup and verification (list, put, delete, empty).
import { fetchVCards, getBasicAuthHeaders, propfind } from 'tsdav';
import { stackUrls, type StackAccount } from './stack.ts';
import { familyName, testContact, vcard30, type TestContact } from './contacts.ts';

/** One resource of a collection as Radicale reports it. */
export interface DavItem {
  /** Path exactly as Radicale returns it, with `@` percent-encoded (`/alice%40example.com/contacts/x.vcf`). */
  href: string;
  /** Last path segment, decoded (`x.vcf`). */
  name: string;
  etag?: string;
  /** The resource body (vCard / iCalendar text), where the listing fetched it. */
  data?: string;
}

/** Result of a PUT or DELETE. */
export interface DavWriteResult {
  status: number;
  ok: boolean;
  etag?: string;
}

/** Preconditions of a write (RFC 7232). */
export interface DavWriteOptions {
  /** Write only if the current ETag matches. */
  ifMatch?: string;
  /** Create only: fail with 412 if the resource exists. */
  createOnly?: boolean;
}

function authHeaders(account: StackAccount): Record<string, string> {
  return getBasicAuthHeaders({ username: account.user, password: account.password });
}

/**
 * URL of a user's collection, `@` percent-encoded the way Radicale writes it in hrefs
 * (it accepts both forms in requests; using its own keeps tsdav's URL comparisons exact).
 */
export function collectionUrl(user: string, collection: string): string {
  return new URL(`${encodeURIComponent(user)}/${encodeURIComponent(collection)}/`, stackUrls().dav).href;
}

/** URL of one resource in a collection. */
export function itemUrl(user: string, collection: string, name: string): string {
  return new URL(encodeURIComponent(name), collectionUrl(user, collection)).href;
}

/** Collection-relative path with %40 and @ treated as the same (Radicale encodes, clients may not). */
export function normalizeHref(href: string): string {
  const pathname = href.startsWith('http') ? new URL(href).pathname : href;
  return pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

function lastSegment(href: string): string {
  const parts = normalizeHref(href).split('/').filter((part) => part.length > 0);
  return parts[parts.length - 1] ?? '';
}

function isCollectionHref(href: string, user: string, collection: string): boolean {
  return normalizeHref(href).replace(/\/+$/, '') === `/${user}/${collection}`;
}

/** The vCards of a user's address book (default `contacts`) with href, etag and data. */
export async function listVCards(account: StackAccount, collection = 'contacts'): Promise<DavItem[]> {
  const cards = await fetchVCards({
    addressBook: { url: collectionUrl(account.user, collection) },
    headers: authHeaders(account),
  });
  return cards
    .filter((card) => !isCollectionHref(card.url, account.user, collection))
    .map((card) => {
      const href = new URL(card.url).pathname;
      const item: DavItem = { href, name: lastSegment(href) };
      if (card.etag !== undefined) item.etag = card.etag;
      if (typeof card.data === 'string') item.data = card.data;
      return item;
    });
}

/** Hrefs and ETags of every resource in any collection (address book or calendar), without bodies. */
export async function listItems(account: StackAccount, collection: string): Promise<DavItem[]> {
  const responses = await propfind({
    url: collectionUrl(account.user, collection),
    props: { 'd:getetag': {} },
    depth: '1',
    headers: authHeaders(account),
  });
  const items: DavItem[] = [];
  for (const response of responses) {
    if (response.href === undefined || isCollectionHref(response.href, account.user, collection)) continue;
    if (!response.ok) continue;
    const item: DavItem = { href: response.href, name: lastSegment(response.href) };
    const etag: unknown = response.props?.['getetag'];
    if (etag !== undefined && etag !== null) item.etag = String(etag);
    items.push(item);
  }
  return items;
}

/** GETs one resource; undefined when it does not exist. */
export async function getItem(account: StackAccount, collection: string, name: string): Promise<DavItem | undefined> {
  const response = await fetch(itemUrl(account.user, collection, name), { headers: authHeaders(account) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET ${collection}/${name}: HTTP ${response.status}`);
  const href = new URL(itemUrl(account.user, collection, name)).pathname;
  const item: DavItem = { href, name, data: await response.text() };
  const etag = response.headers.get('etag');
  if (etag !== null) item.etag = etag;
  return item;
}

/** PUTs a resource with the given content type; Radicale wants a Content-Length (no chunking), which a string body gives. */
export async function putItem(
  account: StackAccount,
  collection: string,
  name: string,
  data: string,
  contentType: string,
  options: DavWriteOptions = {},
): Promise<DavWriteResult> {
  const headers: Record<string, string> = { ...authHeaders(account), 'Content-Type': contentType };
  if (options.ifMatch !== undefined) headers['If-Match'] = options.ifMatch;
  if (options.createOnly) headers['If-None-Match'] = '*';
  const response = await fetch(itemUrl(account.user, collection, name), { method: 'PUT', headers, body: data });
  await response.arrayBuffer();
  const result: DavWriteResult = { status: response.status, ok: response.ok };
  const etag = response.headers.get('etag');
  if (etag !== null) result.etag = etag;
  return result;
}

/** Creates or replaces a vCard (`name` like `card-1.vcf`) in the user's address book. */
export function putVCard(
  account: StackAccount,
  name: string,
  vcard: string,
  options: DavWriteOptions & { collection?: string } = {},
): Promise<DavWriteResult> {
  return putItem(account, options.collection ?? 'contacts', name, vcard, 'text/vcard; charset=utf-8', options);
}

/** Creates or replaces an iCalendar object (`name` like `event-1.ics`) in a calendar collection. */
export function putICalendar(
  account: StackAccount,
  collection: string,
  name: string,
  ics: string,
  options: DavWriteOptions = {},
): Promise<DavWriteResult> {
  return putItem(account, collection, name, ics, 'text/calendar; charset=utf-8', options);
}

/** Deletes one resource, by name or by an href as Radicale returned it. */
export async function deleteItem(
  account: StackAccount,
  collection: string,
  nameOrHref: string,
  options: { ifMatch?: string } = {},
): Promise<DavWriteResult> {
  const url = nameOrHref.startsWith('/')
    ? new URL(nameOrHref, stackUrls().dav).href
    : itemUrl(account.user, collection, nameOrHref);
  const headers: Record<string, string> = authHeaders(account);
  if (options.ifMatch !== undefined) headers['If-Match'] = options.ifMatch;
  const response = await fetch(url, { method: 'DELETE', headers });
  await response.arrayBuffer();
  return { status: response.status, ok: response.ok };
}

/** Deletes a vCard from the user's address book. */
export function deleteVCard(account: StackAccount, nameOrHref: string, collection = 'contacts'): Promise<DavWriteResult> {
  return deleteItem(account, collection, nameOrHref);
}

/** Deletes every resource of a collection (keeping the collection); returns how many were deleted. */
export async function emptyCollection(account: StackAccount, collection: string): Promise<number> {
  const items = await listItems(account, collection);
  for (const item of items) {
    const result = await deleteItem(account, collection, item.href);
    if (!result.ok && result.status !== 404) throw new Error(`DELETE ${item.href}: HTTP ${result.status}`);
  }
  return items.length;
}

/** HTTP status of a Depth 0 PROPFIND on a user's collection as `account` (207 readable, 403 forbidden...). */
export async function probeCollection(account: StackAccount, owner: string, collection: string): Promise<number> {
  const response = await fetch(collectionUrl(owner, collection), {
    method: 'PROPFIND',
    headers: { ...authHeaders(account), Depth: '0', 'Content-Type': 'application/xml; charset=utf-8' },
    body: '<?xml version="1.0" encoding="utf-8"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>',
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * What another client of the address book does between two syncs: adds contact 500, changes the
 * NOTE of `${tag}001` (with If-Match) and deletes `${tag}002`. Returns the added contact.
 */
export async function addChangeDeleteVCards(account: StackAccount, tag: string): Promise<TestContact> {
  const server = await listVCards(account);
  const changed = server.find((s) => familyName(s.data ?? '') === `${tag}001`)!;
  const deleted = server.find((s) => familyName(s.data ?? '') === `${tag}002`)!;
  const added = testContact(500, tag);
  await putVCard(account, `server-added-${tag}.vcf`, vcard30(added).replace('END:VCARD', `UID:server-added-${tag}\r\nEND:VCARD`));
  await putVCard(account, changed.name, changed.data!.replace(/NOTE:[^\r]*/, 'NOTE:changed on the server'), { ifMatch: changed.etag });
  await deleteVCard(account, deleted.name);
  return added;
}
