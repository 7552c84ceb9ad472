// Discovery against a scripted server: where it looks for the principal and how few requests it needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DavAccount } from '../../../adapters/dav/account.ts';
import { multistatus, scriptedFetch, xml, type Handler } from './fake-dav.ts';

const principalProps =
  `<prop><current-user-principal><href>/p/alice%40example.com/</href></current-user-principal>` +
  `<CR:addressbook-home-set><href>/home/alice%40example.com/</href></CR:addressbook-home-set></prop>`;

const home = () => multistatus(
  `<response><href>/home/alice%40example.com/</href><propstat><prop><resourcetype><collection/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>` +
    `<response><href>/home/alice@example.com/book/</href><propstat><prop><resourcetype><collection/><CR:addressbook/></resourcetype>` +
    `<displayname>2024</displayname></prop><status>HTTP/1.1 200 OK</status></propstat></response>`,
);

function account(handler: Handler) {
  const { fetch, requests } = scriptedFetch(handler);
  const dav = new DavAccount({
    davUrl: 'http://dav.test/dav/',
    credentials: { user: 'alice@example.com', password: 'pw' },
    fetch,
    openers: { contacts: (_client, collection) => ({ name: collection.displayName ?? collection.name }) as never },
  });
  return { dav, requests };
}

test('without DAV at davUrl, discovery tries /.well-known/carddav, then the principal', async () => {
  const { dav, requests } = account(({ url }) => {
    if (url === 'http://dav.test/dav/') return xml(405, 'Method Not Allowed');
    if (url === 'http://dav.test/.well-known/carddav') {
      return multistatus(`<response><href>/</href><propstat>${principalProps.replace(/<CR:addressbook-home-set>.*<\/CR:addressbook-home-set>/, '')}<status>HTTP/1.1 200 OK</status></propstat></response>`);
    }
    if (url === 'http://dav.test/p/alice%40example.com/') {
      return multistatus(`<response><href>/p/alice%40example.com/</href><propstat>${principalProps}<status>HTTP/1.1 200 OK</status></propstat></response>`);
    }
    if (url === 'http://dav.test/home/alice%40example.com/') return home();
    return xml(404, 'no');
  });
  const { homes, collections } = await dav.discover();
  assert.equal(homes.principalUrl, 'http://dav.test/p/alice%40example.com/');
  assert.equal(homes.addressBookHome, 'http://dav.test/home/alice%40example.com/');
  assert.deepEqual(collections.map((c) => [c.name, c.displayName, c.type]), [['book', '2024', 'addressbook']]);
  assert.deepEqual(requests.map((r) => `${r.method} ${new URL(r.url).pathname} ${r.headers.depth}`), [
    'PROPFIND /dav/ 0',
    'PROPFIND /.well-known/carddav 0',
    'PROPFIND /p/alice%40example.com/ 0',
    'PROPFIND /home/alice%40example.com/ 1',
  ]);
  assert.equal((await dav.open('contacts'))?.name, '2024');
  assert.equal(requests.length, 4);
});

test('a davUrl that is the principal gives the homes in the first answer', async () => {
  const { dav, requests } = account(({ url }) =>
    url === 'http://dav.test/dav/'
      ? multistatus(`<response><href>/dav/</href><propstat>${principalProps}<status>HTTP/1.1 200 OK</status></propstat></response>`)
      : home(),
  );
  await dav.discover();
  assert.equal(requests.length, 2);
});

test('a failed discovery is retried by the next open', async () => {
  let up = false;
  const { dav } = account(({ url }) => {
    if (!up) throw new TypeError('fetch failed');
    return url === 'http://dav.test/dav/'
      ? multistatus(`<response><href>/dav/</href><propstat>${principalProps}<status>HTTP/1.1 200 OK</status></propstat></response>`)
      : home();
  });
  await assert.rejects(dav.open('contacts'), { name: 'StoreError', kind: 'unavailable' });
  up = true;
  assert.equal((await dav.open('contacts'))?.name, '2024');
});
