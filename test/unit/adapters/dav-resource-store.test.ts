// The CardDAV DataStore against a scripted server: sync-token handling, fallbacks, PUT details,
// precondition failures and error mapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DavClient } from '../../../adapters/dav/request.ts';
import { openAddressBook } from '../../../adapters/carddav/address-book-store.ts';
import { gone, member, multistatus, scriptedFetch, xml, type Handler } from './fake-dav.ts';
import { rejectsWithStoreError } from '../../support/store-assertions.ts';

const base = 'http://dav.test/alice%40example.com/contacts/';
const path = '/alice%40example.com/contacts/';

function store(handler: Handler, options: { batchSize?: number; timeoutMs?: number } = {}) {
  const { fetch, requests } = scriptedFetch(handler);
  const client = new DavClient({ credentials: { user: 'alice@example.com', password: 'pw' }, fetch, timeoutMs: options.timeoutMs });
  let n = 0;
  const books = openAddressBook(client, { url: base, name: 'contacts', displayName: 'Contacts' }, {
    batchSize: options.batchSize,
    newId: () => `random-${++n}`,
  });
  return { store: books, requests };
}

test('changes(token) follows a truncated (507) sync answer and merges the rounds', async () => {
  const { store: s, requests } = store(({ body }) => {
    if (body.includes('<d:sync-token>t1</d:sync-token>')) {
      return multistatus(
        `<sync-token>t2</sync-token>${member(`${path}a.vcf`, '"a1"')}${member(`${path}b.vcf`, '"b1"')}` +
          `<response><href>${path}</href><status>HTTP/1.1 507 Insufficient Storage</status></response>`,
      );
    }
    if (body.includes('<d:sync-token>t2</d:sync-token>')) {
      return multistatus(`<sync-token>t3</sync-token>${gone(`${path}b.vcf`)}${member('/alice@example.com/contacts/c%40d.vcf', '"c1"')}`);
    }
    return xml(500, 'unexpected');
  });
  const changes = await s.changes('t1');
  assert.deepEqual(changes, {
    token: 't3',
    changed: [{ id: 'a.vcf', etag: '"a1"' }, { id: 'c@d.vcf', etag: '"c1"' }],
    deleted: ['b.vcf'],
    complete: false,
  });
  assert.equal(requests.length, 2);
  assert.ok(requests.every((r) => r.method === 'REPORT' && r.headers.depth === '0'));
});

for (const [status, body] of [
  [403, '<error xmlns="DAV:"><valid-sync-token/></error>'],
  [409, '<error xmlns="DAV:"><valid-sync-token/></error>'],
  [400, 'Bad Request'],
  [501, 'Not Implemented'],
] as const) {
  test(`a rejected token (${status}) falls back to a complete listing with a fresh token`, async () => {
    const { store: s, requests } = store(({ method }) => {
      if (method === 'REPORT') return xml(status, body);
      return multistatus(
        `<response><href>${path}</href><propstat><prop><sync-token>fresh</sync-token></prop><status>HTTP/1.1 200 OK</status></propstat></response>` +
          member(`${path}x.vcf`, '"x1"') +
          `<response><href>${path}sub/</href><propstat><prop><resourcetype><collection/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>`,
      );
    });
    assert.deepEqual(await s.changes('old'), { token: 'fresh', changed: [{ id: 'x.vcf', etag: '"x1"' }], deleted: [], complete: true });
    // The refused token, then an initial sync-collection (refused here too), then PROPFIND.
    assert.deepEqual(requests.map((r) => `${r.method} ${r.headers.depth}`), ['REPORT 0', 'REPORT 0', 'PROPFIND 1']);
  });
}

test('a 403 without the valid-sync-token precondition is an auth error, not a fallback', async () => {
  const { store: s } = store(() => xml(403, 'Forbidden', { 'Content-Type': 'text/plain' }));
  await rejectsWithStoreError(s.changes('t'), 'auth');
});

test('read() batches multiget REPORTs, matches hrefs in either encoding, restores CRLF', async () => {
  const { store: s, requests } = store(({ body }) => {
    const hrefs = [...body.matchAll(/<d:href>([^<]*)<\/d:href>/g)].map((m) => m[1]!);
    return multistatus(
      hrefs
        .map((href) => (href.includes('missing') ? gone(href) : member(decodeURIComponent(href), `"${href.length}"`, `<CR:address-data>BEGIN:VCARD\nUID:${href}\nEND:VCARD\n</CR:address-data>`)))
        .join(''),
    );
  }, { batchSize: 2 });
  const items = await s.read(['a@x.vcf', 'b.vcf', 'missing.vcf', 'c.vcf', 'a@x.vcf', '..']);
  assert.deepEqual(items.map((i) => i.id), ['a@x.vcf', 'b.vcf', 'c.vcf']);
  assert.equal(items[0]!.data, `BEGIN:VCARD\r\nUID:${path}a%40x.vcf\r\nEND:VCARD\r\n`);
  assert.equal(requests.length, 2);
  assert.ok(requests.every((r) => r.method === 'REPORT'));
  assert.match(requests[0]!.body, /<card:addressbook-multiget /);
});

test('create() PUTs <uid>.vcf with If-None-Match, a charset and a Content-Length body', async () => {
  const vcard = 'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:abc@example.com\r\nFN:Zoë\r\nEND:VCARD\r\n';
  const { store: s, requests } = store(() => new Response(null, { status: 201, headers: { ETag: '"e1"' } }));
  assert.deepEqual(await s.create(vcard), { id: 'abc@example.com.vcf', etag: '"e1"' });
  const put = requests[0]!;
  assert.equal(put.method, 'PUT');
  assert.equal(put.url, `http://dav.test${path}abc%40example.com.vcf`);
  assert.equal(put.headers['if-none-match'], '*');
  assert.equal(put.headers['content-type'], 'text/vcard; charset=utf-8');
  assert.equal(put.headers['content-length'], String(Buffer.byteLength(vcard)));
  assert.equal(put.headers['transfer-encoding'], undefined);
  assert.ok(put.rawBody instanceof Uint8Array);
  assert.equal(put.body, vcard);
  assert.match(put.headers.authorization ?? '', /^Basic /);
});

test('create() asks for the etag when the PUT answer has none (or a weak one)', async () => {
  for (const etag of [undefined, 'W/"weak"']) {
    const { store: s, requests } = store(({ method }) =>
      method === 'PUT'
        ? new Response(null, { status: 201, headers: etag ? { ETag: etag } : {} })
        : multistatus(member(`${path}u.vcf`, '"stored"')),
    );
    assert.deepEqual(await s.create('BEGIN:VCARD\r\nUID:u\r\nEND:VCARD\r\n'), { id: 'u.vcf', etag: '"stored"' });
    assert.deepEqual(requests.map((r) => `${r.method} ${r.headers.depth ?? ''}`), ['PUT ', 'PROPFIND 0']);
  }
});

test('create() takes a random name when the UID is unusable as a name or the name is taken', async () => {
  const { store: s, requests } = store(({ url }) =>
    url.endsWith('/taken.vcf') ? new Response('Precondition failed', { status: 412 }) : new Response(null, { status: 201, headers: { ETag: '"e"' } }),
  );
  assert.equal((await s.create('BEGIN:VCARD\r\nUID:taken\r\nEND:VCARD\r\n')).id, 'random-1.vcf');
  assert.equal((await s.create('BEGIN:VCARD\r\nUID:a/b c\r\nEND:VCARD\r\n')).id, 'random-2.vcf');
  const noUid = await s.create('BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n');
  assert.equal(noUid.id, 'random-3.vcf');
  assert.match(requests.at(-1)!.body, /UID:random-3\r\nEND:VCARD/);
});

test('create() of a UID that exists elsewhere in the collection is a conflict', async () => {
  const { store: s } = store(() =>
    xml(409, `<error xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><CR:no-uid-conflict /></error>`),
  );
  await rejectsWithStoreError(s.create('BEGIN:VCARD\r\nUID:dup\r\nEND:VCARD\r\n'), 'conflict', /same UID/);
});

test('update() with a stale ifMatch is a conflict; with the item gone, not-found', async () => {
  let exists = true;
  const { store: s, requests } = store(({ method }) => {
    if (method === 'PUT') return new Response('Precondition failed', { status: 412 });
    return exists ? multistatus(member(`${path}a.vcf`, '"new"')) : new Response('Not found', { status: 404 });
  });
  await rejectsWithStoreError(s.update('a.vcf', 'BEGIN:VCARD\r\nEND:VCARD\r\n', '"old"'), 'conflict');
  assert.equal(requests[0]!.headers['if-match'], '"old"');
  exists = false;
  await rejectsWithStoreError(s.update('a.vcf', 'BEGIN:VCARD\r\nEND:VCARD\r\n', '"old"'), 'not-found');
});

test('remove(): 404 is fine, a stale ifMatch is a conflict unless the item is gone', async () => {
  let answer = 404;
  let exists = true;
  const { store: s } = store(({ method }) => {
    if (method === 'DELETE') return new Response(null, { status: answer });
    return exists ? multistatus(member(`${path}a.vcf`, '"new"')) : new Response(null, { status: 404 });
  });
  await s.remove('a.vcf');
  answer = 204;
  await s.remove('a.vcf', '"e"');
  answer = 412;
  await rejectsWithStoreError(s.remove('a.vcf', '"old"'), 'conflict');
  exists = false;
  await s.remove('a.vcf', '"old"');
});

test('conditional update() and remove() are retried on 503; an unconditional PUT is not', async () => {
  let busy = 0;
  const { store: s, requests } = store(({ method }) => {
    if (busy > 0) {
      busy--;
      return new Response('busy', { status: 503, headers: { 'Retry-After': '0' } });
    }
    return new Response(null, { status: 204, headers: method === 'PUT' ? { ETag: '"e2"' } : {} });
  });
  busy = 1;
  assert.deepEqual(await s.update('a.vcf', 'BEGIN:VCARD\r\nEND:VCARD\r\n', '"e1"'), { id: 'a.vcf', etag: '"e2"' });
  busy = 2;
  await s.remove('a.vcf', '"e2"');
  assert.deepEqual(requests.map((r) => [r.method, r.headers['if-match']]), [
    ['PUT', '"e1"'], ['PUT', '"e1"'], ['DELETE', '"e2"'], ['DELETE', '"e2"'], ['DELETE', '"e2"'],
  ]);
  busy = 1;
  await rejectsWithStoreError(s.update('a.vcf', 'BEGIN:VCARD\r\nEND:VCARD\r\n'), 'unavailable');
  assert.equal(requests.length, 6);
});

test('HTTP failures and network errors map to StoreError kinds', async () => {
  const statuses: Array<[number, string]> = [[401, 'auth'], [403, 'auth'], [413, 'too-large'], [415, 'rejected'], [500, 'unavailable'], [503, 'unavailable']];
  for (const [status, kind] of statuses) {
    const { store: s } = store(() => new Response('x', { status }));
    await rejectsWithStoreError(s.update('a.vcf', 'BEGIN:VCARD\r\nEND:VCARD\r\n'), kind);
  }
  const refused = store(() => {
    throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
  });
  await rejectsWithStoreError(refused.store.changes(undefined), 'unavailable', /ECONNREFUSED/);
  // Never answers (but keeps the process alive, as a socket would) and ignores the abort signal.
  const slow = store(() => new Promise<Response>((resolve) => setTimeout(() => resolve(new Response('late')), 300)), { timeoutMs: 50 });
  await rejectsWithStoreError(slow.store.read(['a.vcf']), 'unavailable', /timed out/);
});

test('ids that are not one path segment are not found', async () => {
  const { store: s, requests } = store(() => new Response(null, { status: 204 }));
  await rejectsWithStoreError(s.update('..', 'x'), 'not-found');
  await rejectsWithStoreError(s.remove(''), 'not-found');
  assert.equal(requests.length, 0);
});
