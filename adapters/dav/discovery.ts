// Finds a user's principal, address-book and calendar homes (RFC 5397, RFC 6352 §7.1.1,
// RFC 4791 §6.2.1, RFC 6764 §6) and lists the collections in them.
import { StoreError } from '../../gateway/ports/data-store.ts';
import type { DavClient } from './request.ts';
import { canonicalUrl, isMemberOf, lastSegment, resolveHref, withTrailingSlash } from './href.ts';
import { foundProp, propHref, propText, type MultistatusResponse } from './multistatus.ts';
import { NS, child, children, type QName } from './xml.ts';

export type CollectionType = 'addressbook' | 'calendar';

export interface DavCollection {
  url: string;
  type: CollectionType;
  /** Last path segment, percent-decoded ("contacts"). */
  name: string;
  displayName: string | undefined;
  /** Calendar components the collection takes ("VEVENT", "VTODO", "VJOURNAL"); empty = not restricted. */
  components: string[];
  syncToken: string | undefined;
}

export interface DavHomes {
  principalUrl: string;
  addressBookHome: string | undefined;
  calendarHome: string | undefined;
}

const currentUserPrincipal: QName = { ns: NS.dav, name: 'current-user-principal' };
const addressbookHomeSet: QName = { ns: NS.carddav, name: 'addressbook-home-set' };
const calendarHomeSet: QName = { ns: NS.caldav, name: 'calendar-home-set' };
const resourcetype: QName = { ns: NS.dav, name: 'resourcetype' };
const displayname: QName = { ns: NS.dav, name: 'displayname' };
const syncToken: QName = { ns: NS.dav, name: 'sync-token' };
const componentSet: QName = { ns: NS.caldav, name: 'supported-calendar-component-set' };

/**
 * Principal and homes of the authenticated user. Asks `davUrl` first (one PROPFIND also gets the
 * homes when `davUrl` is the principal itself), then /.well-known/carddav, then the principal.
 */
export async function discoverHomes(client: DavClient, davUrl: string): Promise<DavHomes> {
  const props = [currentUserPrincipal, addressbookHomeSet, calendarHomeSet];
  let found = await principalAt(client, davUrl, props);
  if (!found) found = await principalAt(client, new URL('/.well-known/carddav', davUrl).href, props);
  if (!found) throw new StoreError('unavailable', `no DAV principal found at ${davUrl}`);
  let { principalUrl, homes } = found;
  if (!homes.addressBookHome && !homes.calendarHome) {
    const { reply, multistatus } = await client.propfind(principalUrl, [addressbookHomeSet, calendarHomeSet], '0');
    const response = multistatus.responses[0];
    if (response) homes = homesOf(reply.url, response);
  }
  return { principalUrl, ...homes };
}

async function principalAt(
  client: DavClient,
  url: string,
  props: QName[],
): Promise<{ principalUrl: string; homes: Omit<DavHomes, 'principalUrl'> } | undefined> {
  let result;
  try {
    result = await client.propfind(url, props, '0');
  } catch (err) {
    // 404, 405 and the like: no DAV principal here, try the next place. Bad credentials and
    // outages end discovery.
    if (err instanceof StoreError && (err.kind === 'not-found' || err.kind === 'rejected')) return undefined;
    throw err;
  }
  const { reply, multistatus } = result;
  for (const response of multistatus.responses) {
    const href = propHref(response, currentUserPrincipal);
    if (href) return { principalUrl: resolveHref(reply.url, href), homes: homesOf(reply.url, response) };
  }
  return undefined;
}

function homesOf(base: string, response: MultistatusResponse): Omit<DavHomes, 'principalUrl'> {
  const addressBookHome = propHref(response, addressbookHomeSet);
  const calendarHome = propHref(response, calendarHomeSet);
  return {
    addressBookHome: addressBookHome ? withTrailingSlash(resolveHref(base, addressBookHome)) : undefined,
    calendarHome: calendarHome ? withTrailingSlash(resolveHref(base, calendarHome)) : undefined,
  };
}

/** Address books in the address-book home and calendars in the calendar home, sorted by URL. */
export async function listCollections(client: DavClient, homes: DavHomes): Promise<DavCollection[]> {
  const wanted = new Map<string, { url: string; types: CollectionType[] }>();
  const add = (url: string | undefined, type: CollectionType) => {
    if (!url) return;
    const key = canonicalUrl(url);
    const entry = wanted.get(key) ?? { url, types: [] };
    entry.types.push(type);
    wanted.set(key, entry);
  };
  add(homes.addressBookHome, 'addressbook');
  add(homes.calendarHome, 'calendar');
  const lists = await Promise.all(
    [...wanted.values()].map(async ({ url, types }) => {
      const { reply, multistatus } = await client.propfind(url, [resourcetype, displayname, syncToken, componentSet], '1');
      return multistatus.responses
        .map((response) => collectionOf(reply.url, response))
        .filter((c): c is DavCollection => c !== undefined && types.includes(c.type) && isMemberOf(url, c.url));
    }),
  );
  return lists.flat().sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

function collectionOf(base: string, response: MultistatusResponse): DavCollection | undefined {
  const types = foundProp(response, resourcetype);
  const type: CollectionType | undefined = child(types, { ns: NS.carddav, name: 'addressbook' })
    ? 'addressbook'
    : child(types, { ns: NS.caldav, name: 'calendar' })
      ? 'calendar'
      : undefined;
  if (!type || !response.href) return undefined;
  const url = withTrailingSlash(resolveHref(base, response.href));
  const components =
    type === 'calendar'
      ? children(foundProp(response, componentSet), { ns: NS.caldav, name: 'comp' })
          .map((comp) => comp.attributes.name?.toUpperCase() ?? '')
          .filter((name) => name !== '')
      : [];
  return {
    url,
    type,
    name: lastSegment(url),
    displayName: propText(response, displayname),
    components,
    syncToken: propText(response, syncToken),
  };
}
