// The CalDAV DataStore against a scripted server: iCalendar UIDs, PUT details, component filtering
// in calendars that hold several kinds, and CTag tokens for servers without sync-collection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DavClient } from '../../../adapters/dav/request.ts';
import { calendarFormat, componentNames, openCalendar, type CalendarComponent } from '../../../adapters/caldav/index.ts';
import { gone, scriptedFetch, xml, type Handler } from './fake-dav.ts';
import { rejectsWithStoreError } from '../../support/store-assertions.ts';

const base = 'http://dav.test/alice%40example.com/cal/';
const path = '/alice%40example.com/cal/';

function multistatus(inner: string): Response {
  return xml(207, `<?xml version="1.0"?><multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/">${inner}</multistatus>`);
}

function ok(href: string, props: string): string {
  return `<response><href>${href}</href><propstat><prop>${props}</prop><status>HTTP/1.1 200 OK</status></propstat></response>`;
}

function ics(component: string, uid: string | undefined, extra = ''): string {
  const uidLine = uid === undefined ? '' : `UID:${uid}\r\n`;
  return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:${component}\r\n${uidLine}DTSTAMP:20260101T000000Z\r\n${extra}END:${component}\r\nEND:VCALENDAR\r\n`;
}

function data(href: string, etag: string, body: string): string {
  return ok(href, `<getetag>${etag}</getetag><C:calendar-data>${body.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</C:calendar-data>`);
}

function store(handler: Handler, components: string[], component: CalendarComponent = 'VEVENT') {
  const { fetch, requests } = scriptedFetch(handler);
  const client = new DavClient({ credentials: { user: 'alice@example.com', password: 'pw' }, fetch });
  let n = 0;
  const calendar = openCalendar(client, { url: base, name: 'cal', displayName: 'Cal', components }, component, {
    newId: () => `random-${++n}`,
  });
  return { store: calendar, requests };
}

const timezone =
  'BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nUID:not-this-one\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n' +
  'TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n';

test('UID: of the first top-level component, through folding, not from VTIMEZONE or VALARM', () => {
  const alarmFirst = ics('VEVENT', undefined, 'BEGIN:VALARM\r\nUID:alarm-uid\r\nACTION:DISPLAY\r\nEND:VALARM\r\nUID:event-\r\n 42\r\n');
  assert.equal(calendarFormat.uidOf(alarmFirst), 'event-42');
  assert.equal(calendarFormat.uidOf(ics('VTODO', 'todo-1').replace('BEGIN:VTODO', `${timezone}BEGIN:VTODO`)), 'todo-1');
  assert.equal(calendarFormat.uidOf(ics('VEVENT', undefined, 'DESCRIPTION:UID:not\r\n')), undefined);
  assert.equal(calendarFormat.uidOf(ics('VJOURNAL', 'j@x', '').replace('UID:', 'UID;X-P=1:')), 'j@x');
  assert.deepEqual(componentNames(ics('VEVENT', 'a').replace('BEGIN:VEVENT', `${timezone}BEGIN:VEVENT`)), ['VEVENT']);
  assert.deepEqual(componentNames('BEGIN:VCALENDAR\nEND:VCALENDAR\n'), []);
});

test('withUid adds the UID to every top-level component lacking one, keeping line ends', () => {
  const recurring =
    'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:weekly\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\n' +
    'BEGIN:VEVENT\r\nRECURRENCE-ID:20260108T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
  assert.equal(
    calendarFormat.withUid?.(recurring, 'u-1'),
    'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:weekly\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\r\nUID:u-1\r\nEND:VEVENT\r\n' +
      'BEGIN:VEVENT\r\nRECURRENCE-ID:20260108T100000Z\r\nUID:u-1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
  );
  assert.equal(calendarFormat.withUid?.('BEGIN:VCALENDAR\nBEGIN:VTODO\nEND:VTODO\nEND:VCALENDAR\n', 'u'), 'BEGIN:VCALENDAR\nBEGIN:VTODO\nUID:u\nEND:VTODO\nEND:VCALENDAR\n');
  const has = ics('VEVENT', 'kept');
  assert.equal(calendarFormat.withUid?.(has, 'other'), has);
});

test('create() PUTs <uid>.ics with If-None-Match and text/calendar; charset=utf-8; an item without UID gets one', async () => {
  const { store: s, requests } = store(() => new Response(null, { status: 201, headers: { ETag: '"e1"' } }), ['VEVENT']);
  assert.equal(s.contentType, 'text/calendar');
  assert.equal(s.name, 'Cal');
  assert.deepEqual(await s.create(ics('VEVENT', 'ev@example.com')), { id: 'ev@example.com.ics', etag: '"e1"' });
  const put = requests[0]!;
  assert.equal(put.url, `http://dav.test${path}ev%40example.com.ics`);
  assert.equal(put.headers['if-none-match'], '*');
  assert.equal(put.headers['content-type'], 'text/calendar; charset=utf-8');
  assert.ok(put.rawBody instanceof Uint8Array);
  assert.equal((await s.create(ics('VEVENT', undefined))).id, 'random-1.ics');
  assert.match(requests.at(-1)!.body, /\r\nUID:random-1\r\nEND:VEVENT\r\n/);
});

test('writes of another component are rejected without a request, also in a single-kind calendar', async () => {
  const { store: s, requests } = store(() => new Response(null, { status: 201 }), ['VEVENT']);
  await rejectsWithStoreError(s.create(ics('VTODO', 't1')), 'rejected', /VEVENT/);
  await rejectsWithStoreError(s.update('t1.ics', ics('VTODO', 't1')), 'rejected');
  await rejectsWithStoreError(s.create('not iCalendar'), 'rejected');
  assert.equal(requests.length, 0);
});

test('a single-kind calendar lists with one PROPFIND and reads with calendar-multiget, unfiltered', async () => {
  const { store: s, requests } = store(({ method }) => {
    if (method === 'PROPFIND') {
      return multistatus(ok(path, '<sync-token>tok-1</sync-token><CS:getctag>"c1"</CS:getctag>') + ok(`${path}a.ics`, '<getetag>"a1"</getetag>'));
    }
    return multistatus(data(`${path}a.ics`, '"a1"', ics('VEVENT', 'a')));
  }, ['VEVENT']);
  assert.deepEqual(await s.changes(undefined), { token: 'tok-1', changed: [{ id: 'a.ics', etag: '"a1"' }], deleted: [], complete: true });
  const [item] = await s.read(['a.ics']);
  assert.equal(item?.data, ics('VEVENT', 'a'));
  // An initial sync-collection is tried first (this server answers it without a token).
  assert.deepEqual(requests.map((r) => `${r.method} ${r.headers.depth}`), ['REPORT 0', 'PROPFIND 1', 'REPORT 0']);
  assert.match(requests[2]!.body, /<cal:calendar-multiget [^>]*>.*<cal:calendar-data\/>.*<d:href>\/alice%40example\.com\/cal\/a\.ics<\/d:href>/);
});

test('in a calendar holding events and tasks, the events store lists with a calendar-query', async () => {
  const { store: s, requests } = store(({ method }) => {
    if (method === 'PROPFIND') return multistatus(ok(path, '<sync-token>tok-1</sync-token>'));
    return multistatus(ok(`${path}e.ics`, '<getetag>"e1"</getetag>'));
  }, ['VEVENT', 'VTODO']);
  assert.deepEqual(await s.changes(undefined), { token: 'tok-1', changed: [{ id: 'e.ics', etag: '"e1"' }], deleted: [], complete: true });
  assert.deepEqual(requests.map((r) => `${r.method} ${r.headers.depth}`), ['PROPFIND 0', 'REPORT 1']);
  assert.match(requests[1]!.body, /<cal:calendar-query [^>]*><d:prop><d:getetag\/><\/d:prop><cal:filter><cal:comp-filter name="VCALENDAR"><cal:comp-filter name="VEVENT"\/>/);
});

test('in a shared calendar, incremental changes read the changed items and keep the store kind only', async () => {
  const { store: s, requests } = store(({ body }) => {
    if (body.includes('sync-collection')) {
      return multistatus(
        `<sync-token>tok-2</sync-token>${ok(`${path}e.ics`, '<getetag>"e2"</getetag>')}` +
          `${ok(`${path}t.ics`, '<getetag>"t2"</getetag>')}${ok(`${path}vanished.ics`, '<getetag>"v"</getetag>')}${gone(`${path}old.ics`)}`,
      );
    }
    return multistatus(
      data('/alice@example.com/cal/e.ics', '"e3"', ics('VEVENT', 'e')) + data(`${path}t.ics`, '"t2"', ics('VTODO', 't')) + gone(`${path}vanished.ics`),
    );
  }, ['VEVENT', 'VTODO']);
  assert.deepEqual(await s.changes('tok-1'), {
    token: 'tok-2',
    changed: [{ id: 'e.ics', etag: '"e3"' }],
    deleted: ['old.ics', 't.ics', 'vanished.ics'],
    complete: false,
  });
  assert.deepEqual(requests.map((r) => `${r.method} ${r.headers.depth}`), ['REPORT 0', 'REPORT 0']);
  assert.match(requests[1]!.body, /calendar-multiget/);
});

test('in a shared calendar, read() leaves out items of other kinds; a tasks store sees only tasks', async () => {
  const handler: Handler = () => multistatus(data(`${path}e.ics`, '"e1"', ics('VEVENT', 'e')) + data(`${path}t.ics`, '"t1"', ics('VTODO', 't')));
  const events = store(handler, []).store;
  assert.deepEqual((await events.read(['e.ics', 't.ics'])).map((i) => i.id), ['e.ics']);
  const tasks = store(handler, ['VEVENT', 'VTODO'], 'VTODO').store;
  assert.deepEqual((await tasks.read(['e.ics', 't.ics'])).map((i) => i.id), ['t.ics']);
});

test('no incremental-change requests are spent on a shared calendar with nothing changed', async () => {
  const { store: s, requests } = store(() => multistatus('<sync-token>tok-1</sync-token>'), ['VEVENT', 'VTODO']);
  assert.deepEqual(await s.changes('tok-1'), { token: 'tok-1', changed: [], deleted: [], complete: false });
  assert.equal(requests.length, 1);
});

test('without sync-collection: a CTag token, one PROPFIND when unchanged, an etag listing when changed', async () => {
  let ctag = '"c1"';
  const { store: s, requests } = store(({ method, headers }) => {
    if (method === 'REPORT') return xml(501, 'Not Implemented', { 'Content-Type': 'text/plain' });
    const self = ok(path, `<CS:getctag>${ctag}</CS:getctag>`) + `<response><href>${path}</href><propstat><prop><sync-token/></prop><status>HTTP/1.1 404 Not Found</status></propstat></response>`;
    return multistatus(headers.depth === '0' ? self : self + ok(`${path}a.ics`, '<getetag>"a1"</getetag>'));
  }, ['VEVENT']);
  const full = await s.changes(undefined);
  assert.deepEqual(full, { token: 'ctag:"c1"', changed: [{ id: 'a.ics', etag: '"a1"' }], deleted: [], complete: true });
  requests.length = 0;
  assert.deepEqual(await s.changes(full.token), { token: 'ctag:"c1"', changed: [], deleted: [], complete: false });
  assert.deepEqual(requests.map((r) => `${r.method} ${r.headers.depth}`), ['PROPFIND 0']);
  ctag = '"c2"';
  requests.length = 0;
  assert.deepEqual(await s.changes(full.token), { token: 'ctag:"c2"', changed: [{ id: 'a.ics', etag: '"a1"' }], deleted: [], complete: true });
  assert.deepEqual(requests.map((r) => `${r.method} ${r.headers.depth}`), ['PROPFIND 0', 'PROPFIND 1']);
  // A sync token from such a server is still tried first, and falls back to the listing.
  requests.length = 0;
  assert.equal((await s.changes('http://example.com/sync/1')).complete, true);
  // The refused token, the refused initial sync-collection, then PROPFIND.
  assert.deepEqual(requests.map((r) => r.method), ['REPORT', 'REPORT', 'PROPFIND']);
});

test('a UID that exists elsewhere in the calendar is a conflict (409 no-uid-conflict)', async () => {
  const { store: s } = store(
    () => xml(409, '<error xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><C:no-uid-conflict/></error>'),
    ['VEVENT'],
  );
  await rejectsWithStoreError(s.create(ics('VEVENT', 'dup')), 'conflict', /UID/);
});
