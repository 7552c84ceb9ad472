// The benchmark's own view of Radicale: address books of the bench account made, filled,
// emptied and counted, and the plain-HTTP baselines (PUT one by one, GET one by one, sync-collection).
import { collectionUrl } from '../../test/support/dav.ts';
import { accounts, type StackAccount } from '../../test/support/stack.ts';

/** The stack account the benchmark uses: the integration tests use alice, bob and carol. */
export const benchAccount: StackAccount = accounts.demo;

const requestTimeoutMs = 120_000;

function auth(account: StackAccount): string {
  return `Basic ${Buffer.from(`${account.user}:${account.password}`).toString('base64')}`;
}

export interface DavReply {
  status: number;
  body: string;
  headers: Headers;
}

export async function davRequest(
  method: string,
  url: string,
  body?: string,
  headers: Record<string, string> = {},
  account: StackAccount = benchAccount,
  timeoutMs = requestTimeoutMs,
): Promise<DavReply> {
  const init: RequestInit = { method, headers: { Authorization: auth(account), ...headers }, signal: AbortSignal.timeout(timeoutMs) };
  if (body !== undefined) init.body = body;
  const response = await fetch(url, init);
  return { status: response.status, body: await response.text(), headers: response.headers };
}

export function addressBookUrl(name: string, account: StackAccount = benchAccount): string {
  return collectionUrl(account.user, name);
}

const mkcolBody = (display: string) =>
  `<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>` +
  `<D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype><D:displayname>${display}</D:displayname>` +
  `</D:prop></D:set></D:mkcol>`;

function expect(reply: DavReply, what: string, ok: number[]): void {
  if (!ok.includes(reply.status)) throw new Error(`${what}: HTTP ${reply.status} ${reply.body.slice(0, 200)}`);
}

export async function addressBookExists(name: string): Promise<boolean> {
  const reply = await davRequest('PROPFIND', addressBookUrl(name), '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>', {
    Depth: '0',
    'Content-Type': 'application/xml',
  });
  expect(reply, `PROPFIND ${name}`, [207, 404]);
  return reply.status === 207 && reply.body.includes('addressbook');
}

/** Deletes the address book if it exists. Deleting a whole collection is one request, emptying it is one per item. */
export async function deleteAddressBook(name: string): Promise<void> {
  expect(await davRequest('DELETE', addressBookUrl(name)), `DELETE ${name}`, [200, 204, 404]);
}

/** An empty address book called `name`: deleted and made again ("empty the collection between runs"). */
export async function recreateAddressBook(name: string): Promise<void> {
  await deleteAddressBook(name);
  expect(await davRequest('MKCOL', addressBookUrl(name), mkcolBody(name), { 'Content-Type': 'application/xml; charset=utf-8' }), `MKCOL ${name}`, [201]);
}

export async function ensureAddressBook(name: string): Promise<void> {
  if (!(await addressBookExists(name))) await recreateAddressBook(name);
}

/**
 * Fills an address book in one request: a PUT of all vCards on the collection itself makes
 * Radicale replace the collection with them (its "upload a whole address book" path). One PUT
 * per item costs O(collection size) in Radicale, so 10,000 single PUTs would take hours.
 */
export async function fillAddressBook(name: string, cards: readonly string[]): Promise<void> {
  await deleteAddressBook(name);
  // Radicale parses and writes the whole lot in this one request: minutes for 10,000 on a busy machine.
  await putWholeCollection(name, cards.join(''), 'text/vcard', 'whole collection');
}

/** One PUT of a whole collection's text (Radicale splits it into items), then its display name. */
async function putWholeCollection(name: string, body: string, type: string, what: string): Promise<void> {
  const reply = await davRequest('PUT', addressBookUrl(name), body, { 'Content-Type': `${type}; charset=utf-8` }, benchAccount, 900_000);
  expect(reply, `PUT ${name} (${what})`, [200, 201, 204]);
  const props = await davRequest(
    'PROPPATCH',
    addressBookUrl(name),
    `<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:displayname>${name}</D:displayname></D:prop></D:set></D:propertyupdate>`,
    { 'Content-Type': 'application/xml; charset=utf-8' },
  );
  expect(props, `PROPPATCH ${name}`, [207]);
}

/**
 * A calendar holding `events` (VEVENTs without their VCALENDAR), made in one request like
 * fillAddressBook: a PUT of one VCALENDAR on the collection makes Radicale store each
 * component (by UID) as its own item.
 */
export async function fillCalendar(name: string, events: readonly string[]): Promise<void> {
  await deleteAddressBook(name);
  const body = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//syncml-gateway//bench//EN\r\n${events.join('')}END:VCALENDAR\r\n`;
  await putWholeCollection(name, body, 'text/calendar', 'whole calendar');
}

/**
 * Member resource names (last path segment, decoded) and etags, by a sync-collection REPORT with
 * an empty token (RFC 6578 §3.8): Radicale answers it for 10,000 members in ~2 s, where a
 * PROPFIND Depth 1 for their etags takes ~35 s on this machine.
 */
export async function listMembers(name: string): Promise<Map<string, string>> {
  const body =
    '<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:"><D:sync-token/>' +
    '<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>';
  const reply = await davRequest('REPORT', addressBookUrl(name), body, { Depth: '0', 'Content-Type': 'application/xml; charset=utf-8' });
  expect(reply, `REPORT sync-collection ${name}`, [207]);
  const members = new Map<string, string>();
  for (const match of reply.body.matchAll(/<(?:\w+:)?response>([\s\S]*?)<\/(?:\w+:)?response>/g)) {
    const part = match[1] ?? '';
    const href = /<(?:\w+:)?href>([^<]*)<\/(?:\w+:)?href>/.exec(part)?.[1];
    const etag = /<(?:\w+:)?getetag>([^<]*)<\/(?:\w+:)?getetag>/.exec(part)?.[1];
    if (href === undefined || href.endsWith('/') || etag === undefined) continue;
    members.set(decodeURIComponent(href.split('/').pop() ?? ''), etag.replace(/&quot;/g, '"'));
  }
  return members;
}

export function memberUrl(name: string, member: string): string {
  return new URL(encodeURIComponent(member), addressBookUrl(name)).href;
}

export async function putVCard(collection: string, member: string, card: string, headers: Record<string, string> = {}): Promise<DavReply> {
  const reply = await davRequest('PUT', memberUrl(collection, member), card, { 'Content-Type': 'text/vcard; charset=utf-8', ...headers });
  expect(reply, `PUT ${collection}/${member}`, [200, 201, 204]);
  return reply;
}

export async function getVCard(collection: string, member: string): Promise<string> {
  const reply = await davRequest('GET', memberUrl(collection, member));
  expect(reply, `GET ${collection}/${member}`, [200]);
  return reply.body;
}

/** The collection's current DAV:sync-token. */
export async function syncToken(name: string): Promise<string> {
  const reply = await davRequest('PROPFIND', addressBookUrl(name), '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><sync-token/></prop></propfind>', {
    Depth: '0',
    'Content-Type': 'application/xml',
  });
  expect(reply, `PROPFIND sync-token ${name}`, [207]);
  const token = /<(?:\w+:)?sync-token>([^<]*)</.exec(reply.body)?.[1];
  if (token === undefined) throw new Error(`${name} has no sync-token`);
  return token;
}

/** RFC 6578 sync-collection since `token`: the changed members' names and the new token. */
export async function syncCollection(name: string, token: string): Promise<{ changed: string[]; token: string }> {
  const body =
    `<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>${token}</D:sync-token>` +
    `<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>`;
  const reply = await davRequest('REPORT', addressBookUrl(name), body, { 'Content-Type': 'application/xml; charset=utf-8', Depth: '0' });
  expect(reply, `REPORT sync-collection ${name}`, [207]);
  const changed = [...reply.body.matchAll(/<(?:\w+:)?href>([^<]*)<\/(?:\w+:)?href>/g)].map((m) => decodeURIComponent((m[1] ?? '').split('/').pop() ?? ''));
  const next = /<(?:\w+:)?sync-token>([^<]*)</.exec(reply.body)?.[1] ?? token;
  return { changed, token: next };
}
