// Several collections per user, against Radicale over HTTP (account erin): a SyncML 1.2 client
// that syncs a hierarchy gets each address book and calendar as a folder; a phone with one
// agenda store gets the events and the tasks collection together.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { folderType, readFolderName } from '../../gateway/convert/folder-object.ts';
import { decode, encode } from '../../gateway/codec/index.ts';
import { element, textElement } from '../../gateway/codec/element.ts';
import type { DevInf } from '../../gateway/protocol/devinf-model.ts';
import type { SyncMLMessage } from '../../gateway/protocol/model.ts';
import { readMessage } from '../../gateway/protocol/read.ts';
import { writeMessage } from '../../gateway/protocol/write.ts';
import type { RunningGateway } from '../../gateway/server.ts';
import { emptyCollection, getItem, listItems, listVCards, probeCollection, putICalendar, putVCard } from '../support/dav.ts';
import { startTestGateway } from '../support/gateway.ts';
import { ModelClient, type ProcessFn } from '../support/model-client.ts';
import { accounts, ensureStack, stackUrls } from '../support/stack.ts';
import { createAddressBook, createCalendar } from './adapters/dav-fixtures.ts';

const erin = accounts.erin;
const run = Date.now().toString(36);

const vcard = (name: string) => `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${name.replace(/ /g, '-')}-${run}\r\nFN:${name}\r\nN:${name.split(' ')[1] ?? ''};${name.split(' ')[0]};;;\r\nEND:VCARD\r\n`;
const ical = (component: 'VEVENT' | 'VTODO', summary: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:${component}\r\nUID:${summary.replace(/ /g, '-')}-${run}\r\nDTSTAMP:20261126T100000Z\r\n` +
  `${component === 'VEVENT' ? 'DTSTART:20261201T100000Z\r\nDTEND:20261201T110000Z' : 'DUE:20261201T170000Z'}\r\nSUMMARY:${summary}\r\nEND:${component}\r\nEND:VCALENDAR\r\n`;
const vcal = (component: 'VEVENT' | 'VTODO', summary: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:${component}\r\nUID:${summary.replace(/ /g, '-')}-${run}\r\nSUMMARY:${summary}\r\n` +
  `${component === 'VEVENT' ? 'DTSTART:20261202T100000Z\r\nDTEND:20261202T110000Z' : 'DUE:20261202T170000Z'}\r\nEND:${component}\r\nEND:VCALENDAR\r\n`;

/** The typed-message client over the gateway's HTTP endpoint, in XML. */
function overHttp(gateway: RunningGateway): ProcessFn {
  return async (message, _sid, url) => {
    const response = await fetch(url ?? gateway.url, { method: 'POST', headers: { 'content-type': 'application/vnd.syncml+xml' }, body: new Uint8Array(encode(writeMessage(message), 'xml')) });
    assert.equal(response.status, 200);
    return readMessage(decode(new Uint8Array(await response.arrayBuffer()), 'xml')) as SyncMLMessage;
  };
}

async function ensureCollection(name: string, make: () => Promise<unknown>): Promise<void> {
  if ((await probeCollection(erin, erin.user, name)) !== 207) await make();
  await emptyCollection(erin, name);
}

function folderDevInf(sourceRef: string, type: string): DevInf {
  return {
    verDTD: '1.2',
    devID: `folders-${run}`,
    devTyp: 'phone',
    utc: true,
    supportLargeObjs: false,
    supportNumberOfChanges: false,
    dataStores: [{ sourceRef, rx: [{ ctType: type }, { ctType: folderType }], tx: [{ ctType: type }, { ctType: folderType }], ctCaps: [], supportHierarchicalSync: true, syncTypes: [1, 2] }],
    ctCaps: [],
    ext: [],
  };
}

/** A phone's single agenda store (P900 style): vCalendar with VEVENT and VTODO, no tasks store. */
const agendaDevInf: DevInf = {
  verDTD: '1.1',
  devID: `agenda-${run}`,
  devTyp: 'phone',
  utc: false,
  supportLargeObjs: false,
  supportNumberOfChanges: false,
  dataStores: [{ sourceRef: 'c:\\agenda', maxGUIDSize: 8, rx: [{ ctType: 'text/x-vcalendar', verCT: '1.0' }], tx: [{ ctType: 'text/x-vcalendar', verCT: '1.0' }], ctCaps: [], syncTypes: [1, 2] }],
  ctCaps: [
    {
      ctTypes: ['text/x-vcalendar'],
      element: element('CTCap', [textElement('CTType', 'text/x-vcalendar'), textElement('PropName', 'BEGIN'), ...['VCALENDAR', 'VEVENT', 'VTODO'].map((v) => textElement('ValEnum', v)), textElement('PropName', 'SUMMARY'), textElement('PropName', 'DUE')]),
    },
  ],
  ext: [],
};

function foldersOf(c: ModelClient): Map<string, string> {
  const found = new Map<string, string>();
  for (const [luid, data] of c.items) if (c.itemOptions.get(luid)?.type === folderType) found.set(readFolderName(data) ?? '?', luid);
  return found;
}

function luidWith(c: ModelClient, text: string): string {
  const entry = [...c.items].find(([, data]) => data.includes(text));
  assert.ok(entry, `${text} on the client`);
  return entry[0];
}

async function summaries(collection: string): Promise<string[]> {
  const items = await listItems(erin, collection);
  const texts = await Promise.all(items.map(async (i) => (await getItem(erin, collection, i.name))?.data ?? ''));
  return texts.map((t) => /SUMMARY[^:]*:(.*)/.exec(t)?.[1]?.trim() ?? '?').sort();
}

describe('several collections of one user, through the gateway and Radicale', { timeout: 300_000 }, () => {
  let gateway: RunningGateway;
  let process: ProcessFn;
  const davUrl = () => stackUrls().dav;

  before(async () => {
    await ensureStack();
    await ensureCollection('work', () => createAddressBook(davUrl(), erin, 'work', 'Work'));
    await ensureCollection('projects', () => createCalendar(davUrl(), erin, 'projects', 'Projects', ['VEVENT']));
    for (const c of ['contacts', 'calendar', 'tasks']) await emptyCollection(erin, c);
    // Started after the collections exist: the gateway discovers them once per account.
    gateway = await startTestGateway();
    process = overHttp(gateway);
  });
  after(async () => {
    await gateway?.close();
  });

  test('address books as folders: contacts arrive in their folder, and go to the folder the client names', async () => {
    await putVCard(erin, 'anna.vcf', vcard('Anna Home'));
    await putVCard(erin, 'bert.vcf', vcard('Bert Work'), { collection: 'work' });
    const c = new ModelClient({ deviceId: `it-folders-card-${run}`, ...erin, version: '1.2', contentType: 'text/vcard', devInf: folderDevInf('./contacts', 'text/vcard') });
    const first = await c.sync(process, 200, { url: gateway.url });
    const folders = foldersOf(c);
    assert.ok(folders.has('Contacts') && folders.has('Work'), [...folders.keys()].join(', '));
    assert.equal(c.itemOptions.get(luidWith(c, 'FN:Anna Home'))?.sourceParent, folders.get('Contacts'));
    assert.equal(c.itemOptions.get(luidWith(c, 'FN:Bert Work'))?.sourceParent, folders.get('Work'));

    c.add(vcard('Carl Work'), { sourceParent: folders.get('Work')! });
    c.replace(luidWith(c, 'FN:Anna Home'), vcard('Anna Home'), { sourceParent: folders.get('Work')! });
    const second = await c.sync(process, 200, { url: gateway.url });
    assert.deepEqual(second.received, { add: 0, replace: 0, delete: 0 });
    const work = (await listVCards(erin, 'work')).map((v) => /FN:(.*)/.exec(v.data ?? '')?.[1]?.trim()).sort();
    assert.deepEqual(work, ['Anna Home', 'Bert Work', 'Carl Work']);
    assert.deepEqual(await listVCards(erin, 'contacts'), [], 'Anna moved out of the default address book');
  });

  test('calendars as folders: an event in a second calendar arrives in its folder', async () => {
    await putICalendar(erin, 'projects', 'kickoff.ics', ical('VEVENT', 'Project kickoff'));
    await putICalendar(erin, 'calendar', 'lunch.ics', ical('VEVENT', 'Lunch'));
    const c = new ModelClient({ deviceId: `it-folders-cal-${run}`, ...erin, version: '1.2', storeURI: 'Calendar', sourceURI: './calendar', contentType: 'text/calendar', devInf: folderDevInf('./calendar', 'text/calendar') });
    await c.sync(process, 200, { url: gateway.url });
    const folders = foldersOf(c);
    assert.ok(folders.has('Projects') && folders.has('Calendar'), [...folders.keys()].join(', '));
    assert.ok(!folders.has('Tasks'), 'a VTODO-only calendar is no events folder');
    assert.equal(c.itemOptions.get(luidWith(c, 'SUMMARY:Project kickoff'))?.sourceParent, folders.get('Projects'));
    assert.equal(c.itemOptions.get(luidWith(c, 'SUMMARY:Lunch'))?.sourceParent, folders.get('Calendar'));
    c.add(ical('VEVENT', 'Project review'), { sourceParent: folders.get('Projects')! });
    await c.sync(process, 200, { url: gateway.url });
    assert.deepEqual(await summaries('projects'), ['Project kickoff', 'Project review']);
  });

  test('a phone with one agenda store gets events and tasks, and its items go to the collection of their kind', async () => {
    for (const c of ['calendar', 'tasks']) await emptyCollection(erin, c);
    await putICalendar(erin, 'calendar', 'web-event.ics', ical('VEVENT', 'Web event'));
    await putICalendar(erin, 'tasks', 'web-task.ics', ical('VTODO', 'Web task'));
    const phone = new ModelClient({ deviceId: `it-agenda-${run}`, ...erin, version: '1.1', storeURI: 'Calendar', sourceURI: 'c:\\agenda', contentType: 'text/x-vcalendar', devInf: agendaDevInf });
    const first = await phone.sync(process, 200, { url: gateway.url });
    assert.equal(first.received.add, 2);
    assert.match(phone.items.get(luidWith(phone, 'SUMMARY:Web task'))!, /BEGIN:VTODO/);

    phone.add(vcal('VTODO', 'Phone task'));
    const meeting = phone.add(vcal('VEVENT', 'Phone meeting'));
    await phone.sync(process, 200, { url: gateway.url });
    assert.deepEqual(await summaries('calendar'), ['Phone meeting', 'Web event']);
    assert.deepEqual(await summaries('tasks'), ['Phone task', 'Web task']);

    // The meeting becomes a task on the phone: it moves to the tasks collection.
    phone.replace(meeting, vcal('VTODO', 'Phone meeting'));
    const moved = await phone.sync(process, 200, { url: gateway.url });
    assert.deepEqual(moved.received, { add: 0, replace: 0, delete: 0 });
    assert.deepEqual(await summaries('calendar'), ['Web event']);
    assert.deepEqual(await summaries('tasks'), ['Phone meeting', 'Phone task', 'Web task']);

    // Changes on the server side in both collections reach the phone in one session.
    await putICalendar(erin, 'tasks', 'web-task-2.ics', ical('VTODO', 'Second web task'));
    await putICalendar(erin, 'calendar', 'web-event-2.ics', ical('VEVENT', 'Second web event'));
    const later = await phone.sync(process, 200, { url: gateway.url });
    assert.equal(later.received.add, 2);
    assert.ok(luidWith(phone, 'SUMMARY:Second web task') && luidWith(phone, 'SUMMARY:Second web event'));
  });
});
