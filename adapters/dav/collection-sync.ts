// Reading a DAV collection: sync-collection (RFC 6578), member listing with etags, CTag,
// multiget. Shared by CardDAV and CalDAV; the reports and the data property come from the caller.
import type { DavClient } from './request.ts';
import { errorConditions, foundProp, propText, type Multistatus } from './multistatus.ts';
import { isMemberOf, resolveHref, sameResource } from './href.ts';
import { NS, multigetBody, propfindBody, syncCollectionBody, type QName } from './xml.ts';

export interface MemberVersion {
  /** Absolute URL of the member. */
  url: string;
  etag: string;
}

export interface MemberChanges {
  changed: MemberVersion[];
  /** URLs of deleted members. */
  deleted: string[];
  token: string | undefined;
}

export interface MemberData extends MemberVersion {
  data: string;
}

const getetag: QName = { ns: NS.dav, name: 'getetag' };
const syncToken: QName = { ns: NS.dav, name: 'sync-token' };
const resourcetype: QName = { ns: NS.dav, name: 'resourcetype' };
// CalendarServer's collection tag: changes whenever a member does (Radicale, SOGo, Nextcloud...).
const getctag: QName = { ns: NS.calendarServer, name: 'getctag' };

/** What a collection says about its own version: a sync-token (RFC 6578) and/or a CTag. */
export interface CollectionState {
  token: string | undefined;
  ctag: string | undefined;
}

/** Rounds of a truncated (507) sync-collection answer followed before giving up. */
const maxSyncRounds = 1000;

function members(collectionUrl: string, base: string, multistatus: Multistatus) {
  return multistatus.responses
    .map((response) => ({ response, url: response.href ? resolveHref(base, response.href) : '' }))
    .filter(({ url }) => url !== '' && !url.endsWith('/') && isMemberOf(collectionUrl, url));
}

/**
 * Changes since `token` via sync-collection, following truncated answers (507 on the collection,
 * RFC 6578 §3.6). Returns 'invalid-token' when the server refuses the token or the report
 * (DAV:valid-sync-token precondition, 400, 501), so the caller can fall back to a listing.
 */
export async function syncCollection(
  client: DavClient,
  collectionUrl: string,
  token: string,
): Promise<MemberChanges | 'invalid-token'> {
  const latest = new Map<string, MemberVersion | 'deleted'>();
  let current = token;
  for (let round = 0; round < maxSyncRounds; round++) {
    const reply = await client.send('REPORT', collectionUrl, { body: syncCollectionBody(current, [getetag]), depth: '0' });
    if (reply.status !== 207) {
      const conditions = errorConditions(reply.body);
      if (
        conditions.includes('valid-sync-token') ||
        conditions.includes('supported-report') ||
        reply.status === 400 ||
        reply.status === 501
      ) {
        return 'invalid-token';
      }
      throw client.error('REPORT sync-collection', collectionUrl, reply);
    }
    const multistatus = client.parse('REPORT sync-collection', collectionUrl, reply);
    for (const { response, url } of members(collectionUrl, reply.url, multistatus)) {
      if (response.status === 404) latest.set(url, 'deleted');
      else latest.set(url, { url, etag: propText(response, getetag) ?? '' });
    }
    const truncated = multistatus.responses.some(
      (r) => r.status === 507 && r.href !== '' && sameResource(collectionUrl, resolveHref(reply.url, r.href)),
    );
    const next = multistatus.syncToken;
    if (!truncated || !next || next === current) return collect(latest, next ?? current);
    current = next;
  }
  return 'invalid-token';
}

function collect(latest: Map<string, MemberVersion | 'deleted'>, token: string | undefined): MemberChanges {
  const changed: MemberVersion[] = [];
  const deleted: string[] = [];
  for (const [url, entry] of latest) {
    if (entry === 'deleted') deleted.push(url);
    else changed.push(entry);
  }
  return { changed, deleted, token };
}

/** Every member with its etag, and the collection's current sync-token and CTag, in one PROPFIND. */
export async function listMembers(
  client: DavClient,
  collectionUrl: string,
): Promise<{ members: MemberVersion[] } & CollectionState> {
  const { reply, multistatus } = await client.propfind(collectionUrl, [getetag, resourcetype, syncToken, getctag], '1');
  let token: string | undefined;
  let ctag: string | undefined;
  for (const response of multistatus.responses) {
    // Depth 1 includes the collection itself, which carries the sync-token and CTag.
    if (response.href && sameResource(collectionUrl, resolveHref(reply.url, response.href))) {
      token ??= propText(response, syncToken);
      ctag ??= propText(response, getctag);
    }
  }
  const list = members(collectionUrl, reply.url, multistatus)
    .filter(({ response }) => foundProp(response, getetag) !== undefined)
    .map(({ response, url }) => ({ url, etag: propText(response, getetag) ?? '' }));
  return { members: list, token, ctag };
}

/** The collection's sync-token and CTag (PROPFIND depth 0). */
export async function collectionState(client: DavClient, collectionUrl: string): Promise<CollectionState> {
  const { multistatus } = await client.propfind(collectionUrl, [syncToken, getctag], '0');
  const response = multistatus.responses[0];
  return {
    token: response ? propText(response, syncToken) : undefined,
    ctag: response ? propText(response, getctag) : undefined,
  };
}

/**
 * Members with their etags as a REPORT at depth 1 answers them (a calendar-query, RFC 4791
 * §7.8); `body` must ask for DAV:getetag.
 */
export async function reportMembers(client: DavClient, collectionUrl: string, what: string, body: string): Promise<MemberVersion[]> {
  const reply = await client.send('REPORT', collectionUrl, { body, depth: '1' });
  if (reply.status !== 207) throw client.error(`REPORT ${what}`, collectionUrl, reply);
  const multistatus = client.parse(`REPORT ${what}`, collectionUrl, reply);
  return members(collectionUrl, reply.url, multistatus)
    .filter(({ response }) => foundProp(response, getetag) !== undefined)
    .map(({ response, url }) => ({ url, etag: propText(response, getetag) ?? '' }));
}

/** The current etag of one resource, or undefined when it does not exist. */
export async function etagOf(client: DavClient, url: string): Promise<string | undefined> {
  const reply = await client.send('PROPFIND', url, { body: propfindBody([getetag]), depth: '0' });
  if (reply.status === 404 || reply.status === 410) return undefined;
  if (reply.status !== 207) throw client.error('PROPFIND', url, reply);
  const response = client.parse('PROPFIND', url, reply).responses[0];
  return response ? propText(response, getetag) : undefined;
}

/**
 * Fetches members by URL with a multiget REPORT, `batchSize` hrefs per request. Members the
 * server does not have (404 in the answer) are left out.
 */
export async function multiget(
  client: DavClient,
  collectionUrl: string,
  report: QName,
  dataProp: QName,
  urls: readonly string[],
  batchSize: number,
): Promise<MemberData[]> {
  const result: MemberData[] = [];
  for (let start = 0; start < urls.length; start += batchSize) {
    const batch = urls.slice(start, start + batchSize).map((url) => new URL(url).pathname);
    const body = multigetBody(report, [getetag, dataProp], batch);
    const reply = await client.send('REPORT', collectionUrl, { body, depth: '0' });
    if (reply.status !== 207) throw client.error(`REPORT ${report.name}`, collectionUrl, reply);
    const multistatus = client.parse(`REPORT ${report.name}`, collectionUrl, reply);
    for (const { response, url } of members(collectionUrl, reply.url, multistatus)) {
      const data = foundProp(response, dataProp);
      if (!data) continue;
      result.push({ url, etag: propText(response, getetag) ?? '', data: data.text });
    }
  }
  return result;
}
