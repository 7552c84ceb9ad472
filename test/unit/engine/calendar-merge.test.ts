// Through the engine: a phone whose CTCap lacks fields replaces an event, a task and a note, and
// the stored items keep what the phone cannot store (issue 5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';
import { element, textElement } from '../../../gateway/codec/element.ts';
import type { MemoryStateStore } from '../../support/memory-backend.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };
const unfold = (text: string): string => text.replace(/\r\n[ \t]/g, '');

function ctcap(type: string, props: string[]) {
  return { ctTypes: [type], element: element('CTCap', [textElement('CTType', type), ...props.map((p) => textElement('PropName', p))]) };
}

/** The device's DevInf as the engine keeps it after a Put: a 1.1-style CTCap at DevInf level. */
async function knownDevice(state: MemoryStateStore, deviceId: string, type: string, props: string[] | undefined): Promise<void> {
  await state.set(`devinf:${alice.user}:${deviceId}`, {
    verDTD: '1.1', devID: deviceId, devTyp: 'phone', utc: true, supportLargeObjs: false, supportNumberOfChanges: false,
    dataStores: [{ sourceRef: './contacts', rxPref: { ctType: type, verCT: '1.0' }, rx: [], tx: [], ctCaps: [], syncTypes: [1, 2] }],
    ctCaps: props === undefined ? [] : [ctcap(type, props)], ext: [],
  });
}

const event = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
  'BEGIN:VEVENT', 'UID:review-1', 'DTSTAMP:20261101T080000Z', 'SUMMARY:Design review', 'LOCATION:Room 2',
  'DTSTART:20261203T130000Z', 'DTEND:20261203T140000Z', 'RRULE:FREQ=WEEKLY;COUNT=6',
  'ORGANIZER;CN=Olga:mailto:olga@example.com', 'ATTENDEE;CN=Anna;PARTSTAT=ACCEPTED:mailto:anna@example.com', 'X-CONFERENCE-ROOM-ID:42',
  'BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:Design review', 'TRIGGER:-PT10M', 'END:VALARM',
  'END:VEVENT',
  'BEGIN:VEVENT', 'UID:review-1', 'DTSTAMP:20261101T080000Z', 'RECURRENCE-ID:20261210T130000Z', 'SUMMARY:Design review (online)',
  'DTSTART:20261210T150000Z', 'DTEND:20261210T160000Z', 'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n');

/** What a simple phone does with an item: keeps one component and only the properties it knows. */
function asPhoneStores(vcal: string, known: string[]): string {
  const out: string[] = [];
  let items = 0;
  let skipping = false;
  for (const line of unfold(vcal).split('\r\n')) {
    if (/^BEGIN:V(EVENT|TODO)$/.test(line) && ++items > 1) skipping = true;
    if (skipping) {
      if (/^END:V(EVENT|TODO)$/.test(line)) skipping = false;
      continue;
    }
    const name = /^[^:;]*/.exec(line)![0];
    if (['BEGIN', 'END', 'VERSION'].includes(name) || known.includes(name)) out.push(line);
  }
  return out.join('\r\n');
}

test('a phone without attendees, X- properties or overrides renames an event: the server keeps them', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf(alice.user, 'events');
  store.put('review.ics', event);
  const known = ['SUMMARY', 'LOCATION', 'DTSTART', 'DTEND', 'RRULE', 'DALARM', 'AALARM'];
  await knownDevice(h.state, 'phone', 'text/x-vcalendar', known);
  const client = new ModelClient({ deviceId: 'phone', ...alice, storeURI: 'Calendar', contentType: 'text/x-vcalendar' });
  await client.sync(h.process);
  const [luid] = [...client.items.keys()];
  const held = asPhoneStores(client.items.get(luid!)!, known);
  assert.match(held, /VERSION:1\.0/);
  client.replace(luid!, held.replace('SUMMARY:Design review', 'SUMMARY:Design review round 2'));
  const out = await client.sync(h.process);
  assert.equal(out.alertStatus, 200);

  const stored = unfold(store.items.get('review.ics')!.data);
  assert.match(stored, /SUMMARY:Design review round 2/);
  assert.match(stored, /UID:review-1/);
  assert.match(stored, /ATTENDEE;[^\r\n]*PARTSTAT=ACCEPTED[^\r\n]*:mailto:anna@example\.com/);
  assert.match(stored, /ORGANIZER;CN=Olga:mailto:olga@example\.com/);
  assert.match(stored, /X-CONFERENCE-ROOM-ID:42/);
  assert.match(stored, /BEGIN:VALARM[\s\S]*TRIGGER:-PT10M[\s\S]*END:VALARM/);
  assert.match(stored, /RECURRENCE-ID:20261210T130000Z[\s\S]*SUMMARY:Design review \(online\)/);
  assert.equal(stored.match(/^UID:review-1$/gm)?.length, 2, 'the override keeps the UID');
});

test('without a CTCap the phone decides its fields (a cleared location is cleared), and the override it never held stays', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf(alice.user, 'events');
  store.put('review.ics', event);
  await knownDevice(h.state, 'plain', 'text/x-vcalendar', undefined);
  const client = new ModelClient({ deviceId: 'plain', ...alice, storeURI: 'Calendar', contentType: 'text/x-vcalendar' });
  await client.sync(h.process);
  const [luid] = [...client.items.keys()];
  // Everything the phone was sent but the override (vCalendar 1.0 phones drop it) and the location.
  const held = asPhoneStores(client.items.get(luid!)!, ['SUMMARY', 'DTSTART', 'DTEND', 'RRULE', 'DALARM', 'ATTENDEE', 'X-CONFERENCE-ROOM-ID']);
  client.replace(luid!, held);
  await client.sync(h.process);
  const stored = unfold(store.items.get('review.ics')!.data);
  assert.doesNotMatch(stored, /LOCATION/, 'no CTCap: the device decides its fields, as for contacts');
  assert.match(stored, /RECURRENCE-ID:20261210T130000Z/);
  assert.match(stored, /X-CONFERENCE-ROOM-ID:42/);
});

test('a phone keeping only title and due date completes a task: categories, notes and X- stay', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf(alice.user, 'tasks');
  store.put('t.ics', [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
    'BEGIN:VTODO', 'UID:task-9', 'DTSTAMP:20261101T080000Z', 'SUMMARY:Pay rent', 'DUE:20261201T090000Z', 'STATUS:NEEDS-ACTION',
    'DESCRIPTION:Standing order failed', 'CATEGORIES:Home', 'X-TASK-LIST:Personal', 'END:VTODO', 'END:VCALENDAR', '',
  ].join('\r\n'));
  const known = ['SUMMARY', 'DUE', 'STATUS', 'COMPLETED'];
  await knownDevice(h.state, 'phone', 'text/x-vcalendar', known);
  const client = new ModelClient({ deviceId: 'phone', ...alice, storeURI: 'Tasks', contentType: 'text/x-vcalendar' });
  await client.sync(h.process);
  const [luid] = [...client.items.keys()];
  client.replace(luid!, asPhoneStores(client.items.get(luid!)!, known).replace(/STATUS:[^\r\n]*/, 'STATUS:COMPLETED\r\nCOMPLETED:20261130T100000Z'));
  await client.sync(h.process);
  const stored = unfold(store.items.get('t.ics')!.data);
  assert.match(stored, /STATUS:COMPLETED/);
  assert.match(stored, /COMPLETED:20261130T100000Z/);
  assert.match(stored, /DESCRIPTION:Standing order failed/);
  assert.match(stored, /CATEGORIES:Home/);
  assert.match(stored, /X-TASK-LIST:Personal/);
});

test('a plain-text note edited on the device keeps its title, date, categories and X- properties', async () => {
  const h = engineHarness();
  const store = h.accounts.storeOf(alice.user, 'notes');
  store.put('n.ics', [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
    'BEGIN:VJOURNAL', 'UID:note-3', 'DTSTAMP:20261101T080000Z', 'DTSTART;VALUE=DATE:20261101', 'SUMMARY:Packing list',
    'DESCRIPTION:passport\\ncharger', 'CATEGORIES:Travel', 'X-NOTE-PINNED:TRUE', 'END:VJOURNAL', 'END:VCALENDAR', '',
  ].join('\r\n'));
  const client = new ModelClient({ deviceId: 'memo', ...alice, storeURI: 'Notes', contentType: 'text/plain' });
  await client.sync(h.process);
  const [luid] = [...client.items.keys()];
  assert.equal(client.items.get(luid!), 'Packing list\r\npassport\r\ncharger');
  client.replace(luid!, 'Packing list\r\npassport\r\ncharger\r\nsunscreen');
  await client.sync(h.process);
  const stored = unfold(store.items.get('n.ics')!.data);
  assert.match(stored, /SUMMARY:Packing list/);
  assert.match(stored, /DESCRIPTION:passport\\ncharger\\nsunscreen/);
  assert.match(stored, /DTSTART;VALUE=DATE:20261101/);
  assert.match(stored, /CATEGORIES:Travel/);
  assert.match(stored, /X-NOTE-PINNED:TRUE/);
  assert.match(stored, /UID:note-3/);
});
