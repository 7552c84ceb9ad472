// DAV building blocks: hrefs (%40 vs @), multistatus and error bodies, status -> StoreError kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalUrl, isMemberOf, lastSegment, memberUrl, sameResource } from '../../../adapters/dav/href.ts';
import { errorConditions, parseMultistatus, propText } from '../../../adapters/dav/multistatus.ts';
import { kindForStatus, storeErrorFor } from '../../../adapters/dav/errors.ts';
import { NS, multigetBody, parseXml, syncCollectionBody } from '../../../adapters/dav/xml.ts';

test('hrefs with %40 and @ name the same resource', () => {
  assert.ok(sameResource('http://h/alice%40example.com/contacts/', 'http://h/alice@example.com/contacts'));
  assert.equal(canonicalUrl('http://h/a%40b/c%20d/'), 'http://h/a@b/c d');
  assert.ok(isMemberOf('http://h/alice@example.com/contacts/', 'http://h/alice%40example.com/contacts/x%40y.vcf'));
  assert.ok(!isMemberOf('http://h/alice@example.com/contacts/', 'http://h/alice%40example.com/contacts/'));
  assert.ok(!isMemberOf('http://h/alice@example.com/contacts/', 'http://h/alice%40example.com/contacts/sub/x.vcf'));
  assert.ok(!isMemberOf('http://h/alice@example.com/contacts/', 'http://other/alice@example.com/contacts/x.vcf'));
});

test('ids are percent-decoded resource names and encode back to one path segment', () => {
  assert.equal(lastSegment('http://h/alice%40example.com/contacts/u2%40x.vcf'), 'u2@x.vcf');
  assert.equal(memberUrl('http://h/c/', 'u2@x.vcf'), 'http://h/c/u2%40x.vcf');
  assert.equal(memberUrl('http://h/c', 'a/b c.vcf'), 'http://h/c/a%2Fb%20c.vcf');
  assert.throws(() => memberUrl('http://h/c/', '..'));
  assert.throws(() => memberUrl('http://h/c/', ''));
});

test('a Radicale multistatus: raw CRLF in address-data, 404 members, top-level sync-token', () => {
  const body =
    `<?xml version='1.0' encoding='utf-8'?>\n<multistatus xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">` +
    `<sync-token>http://radicale.org/ns/sync/abc</sync-token>` +
    `<response><href>/alice%40example.com/contacts/gone.vcf</href><status>HTTP/1.1 404 Not Found</status></response>` +
    `<response><href>/alice%40example.com/contacts/u%40x.vcf</href><propstat><prop><getetag>"e1"</getetag>` +
    `<CR:address-data>BEGIN:VCARD\r\nFN:A &amp; B\r\nEND:VCARD\r\n</CR:address-data></prop><status>HTTP/1.1 200 OK</status></propstat>` +
    `<propstat><prop><displayname /></prop><status>HTTP/1.1 404 Not Found</status></propstat></response></multistatus>`;
  const ms = parseMultistatus(body);
  assert.equal(ms.syncToken, 'http://radicale.org/ns/sync/abc');
  assert.equal(ms.responses.length, 2);
  assert.equal(ms.responses[0]?.status, 404);
  const item = ms.responses[1]!;
  assert.equal(item.href, '/alice%40example.com/contacts/u%40x.vcf');
  assert.equal(propText(item, { ns: NS.dav, name: 'getetag' }), '"e1"');
  assert.equal(propText(item, { ns: NS.dav, name: 'displayname' }), undefined);
  const data = item.propstats[0]!.props.find((p) => p.name === 'address-data')!.text;
  assert.equal(data, 'BEGIN:VCARD\nFN:A & B\nEND:VCARD\n');
});

test('malformed XML, entity tricks and deep nesting are refused', () => {
  assert.throws(() => parseMultistatus('<multistatus xmlns="DAV:"><response>'));
  assert.throws(() => parseXml('<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'));
  assert.throws(() => parseXml('<a>'.repeat(100) + '</a>'.repeat(100)));
  assert.throws(() => parseMultistatus('<error xmlns="DAV:"/>'));
});

test('request bodies escape hrefs and tokens', () => {
  const body = multigetBody({ ns: NS.carddav, name: 'addressbook-multiget' }, [{ ns: NS.dav, name: 'getetag' }], ['/c/a&b<.vcf']);
  assert.match(body, /<d:href>\/c\/a&amp;b&lt;\.vcf<\/d:href>/);
  assert.match(body, /<card:addressbook-multiget [^>]*xmlns:card="urn:ietf:params:xml:ns:carddav"/);
  assert.match(syncCollectionBody('t<1>', []), /<d:sync-token>t&lt;1&gt;<\/d:sync-token><d:sync-level>1<\/d:sync-level>/);
  parseXml(body);
});

test('DAV:error preconditions are read from error bodies', () => {
  assert.deepEqual(errorConditions(`<?xml version='1.0'?><error xmlns="DAV:"><valid-sync-token /></error>`), ['valid-sync-token']);
  assert.deepEqual(errorConditions('Precondition failed.'), []);
  assert.deepEqual(errorConditions('<html>error</html>'), []);
});

test('HTTP statuses map to StoreError kinds', () => {
  const table: Array<[number, string]> = [
    [400, 'rejected'], [401, 'auth'], [403, 'auth'], [404, 'not-found'], [405, 'rejected'], [408, 'unavailable'],
    [409, 'conflict'], [412, 'conflict'], [413, 'too-large'], [415, 'rejected'], [429, 'unavailable'],
    [500, 'unavailable'], [503, 'unavailable'], [507, 'unavailable'],
  ];
  for (const [status, kind] of table) assert.equal(kindForStatus(status), kind, String(status));
  const uidConflict = storeErrorFor('PUT /c/x.vcf', 409, 'Conflict',
    `<error xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><CR:no-uid-conflict /></error>`);
  assert.equal(uidConflict.kind, 'conflict');
  assert.match(uidConflict.message, /same UID/);
  assert.equal(storeErrorFor('PUT /c/x.vcf', 403, 'Forbidden', `<error xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><C:max-resource-size/></error>`).kind, 'too-large');
});
