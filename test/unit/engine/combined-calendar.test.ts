// A phone that keeps events and tasks in one calendar store (Sony Ericsson P900, Nokia): served
// from the events and the tasks collection at once; each item goes to the collection of its kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '../../../gateway/codec/index.ts';
import { element, textElement } from '../../../gateway/codec/element.ts';
import { readMessage } from '../../../gateway/protocol/read.ts';
import type { DevInf } from '../../../gateway/protocol/devinf-model.ts';
import type { ItemCommand, SyncMLMessage } from '../../../gateway/protocol/model.ts';
import { engineHarness, type EngineHarness } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';

const p900 = join(import.meta.dirname, '..', '..', 'fixtures', 'traces', 'horde-syncml', 'testcase_P900_tasksandcalendar');
const user = 'syncmltest';

const summaries = (h: EngineHarness, kind: 'events' | 'tasks') =>
  [...h.accounts.storeOf(user, kind).items.values()].map((i) => /SUMMARY[^:]*:(.*)/.exec(i.data)?.[1]?.trim() ?? '?').sort();

/** Replays the recorded client messages of sessions `from`..`to` of the P900 trace. */
async function replay(h: EngineHarness, sessions: number[]): Promise<SyncMLMessage[]> {
  const replies: SyncMLMessage[] = [];
  for (const session of sessions) {
    let sid: string | undefined;
    const files = readdirSync(p900).filter((f) => f.startsWith(`syncml_client_${session}`)).sort();
    for (const file of files) {
      const reply = await h.process(readMessage(decode(readFileSync(join(p900, file)), 'xml')), sid);
      if (reply.hdr.respURI !== undefined) sid = new URL(reply.hdr.respURI).searchParams.get('sid') ?? sid;
      replies.push(reply);
    }
  }
  return replies;
}

function sentItems(replies: SyncMLMessage[]): string[] {
  return replies.flatMap((r) => r.body.flatMap((c) => (c.kind === 'Sync' ? c.commands.flatMap((i) => (i as ItemCommand).items.map((it) => `${i.kind} ${/SUMMARY[^:]*:([^\r\n]*)/.exec(it.data ?? '')?.[1] ?? ''}`)) : [])));
}

test('the P900 sessions: its events land in the events collection, its tasks in the tasks collection', async () => {
  const h = engineHarness({ [user]: user });
  await replay(h, [1]);
  // A first (slow) sync: the phone's two events and its task, each in its own collection.
  assert.deepEqual(summaries(h, 'events'), ['cIient1 christmas all day', 'client1 12-1']);
  assert.deepEqual(summaries(h, 'tasks'), ['clienttask1']);
  await replay(h, [2, 3]);
  assert.deepEqual(summaries(h, 'events'), ['cIient1s1 christmas all day', 'client1s1 12-1', 'server1alldayc1 new year', 'server2c1 6-7']);
  assert.deepEqual(summaries(h, 'tasks'), ['clienttask1s1', 'servertask1c1']);
  await replay(h, [4, 5]);
  // Session 5 deletes one event and one task.
  assert.deepEqual(summaries(h, 'events'), ['cIient1s1 christmas all day', 'client1s1 12-1', 'server1alldayc1 new year']);
  assert.deepEqual(summaries(h, 'tasks'), ['clienttask1s1']);
});

test('the P900 gets what changed in both collections', async () => {
  const h = engineHarness({ [user]: user });
  await replay(h, [1, 2]);
  const event = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:web-event\r\nDTSTAMP:20261126T100000Z\r\nDTSTART:20261201T100000Z\r\nDTEND:20261201T110000Z\r\nSUMMARY:From the web calendar\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
  const task = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VTODO\r\nUID:web-task\r\nDTSTAMP:20261126T100000Z\r\nDUE:20261203T170000Z\r\nSUMMARY:From the web tasks\r\nEND:VTODO\r\nEND:VCALENDAR\r\n';
  h.accounts.storeOf(user, 'events').put('web-event.ics', event);
  h.accounts.storeOf(user, 'tasks').put('web-task.ics', task);
  const sent = sentItems(await replay(h, [3]));
  assert.ok(sent.includes('Add From the web calendar'), sent.join(', '));
  assert.ok(sent.includes('Add From the web tasks'), sent.join(', '));
  // The tasks go out as vCalendar 1.0 VTODOs, as the phone wants.
  const replies = await replay(h, [4]);
  assert.deepEqual(sentItems(replies), [], 'nothing new in session 4');
});

const alice = { user: 'alice@example.com', password: 'alice-secret' };
const vcal = (component: 'VEVENT' | 'VTODO', summary: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:${component}\r\nUID:${summary}\r\nSUMMARY:${summary}\r\n${component === 'VEVENT' ? 'DTSTART:20261201T100000Z\r\nDTEND:20261201T110000Z' : 'DUE:20261201T100000Z'}\r\nEND:${component}\r\nEND:VCALENDAR\r\n`;

/** A phone's one agenda store: its CTCap takes VEVENT and VTODO, and it has no tasks store. */
const agendaDevInf = (withTasksStore: boolean): DevInf => ({
  verDTD: '1.1',
  devID: 'phone',
  devTyp: 'phone',
  utc: true,
  supportLargeObjs: false,
  supportNumberOfChanges: false,
  dataStores: [
    { sourceRef: 'agenda', rx: [{ ctType: 'text/x-vcalendar', verCT: '1.0' }], tx: [{ ctType: 'text/x-vcalendar', verCT: '1.0' }], ctCaps: [], syncTypes: [1, 2] },
    ...(withTasksStore ? [{ sourceRef: './tasks', rx: [], tx: [], ctCaps: [], syncTypes: [1, 2] }] : []),
  ],
  ctCaps: [
    {
      ctTypes: ['text/x-vcalendar'],
      element: element('CTCap', [
        textElement('CTType', 'text/x-vcalendar'),
        textElement('PropName', 'BEGIN'),
        ...['VCALENDAR', 'VEVENT', 'VTODO'].map((v) => textElement('ValEnum', v)),
        textElement('PropName', 'SUMMARY'),
      ]),
    },
  ],
  ext: [],
});

test('a Replace that turns an event into a task moves it to the tasks collection', async () => {
  const h = engineHarness();
  const phone = new ModelClient({ deviceId: 'agenda-1', ...alice, version: '1.1', storeURI: 'Calendar', sourceURI: 'agenda', contentType: 'text/x-vcalendar', devInf: agendaDevInf(false) });
  const luid = phone.add(vcal('VEVENT', 'Call the garage'));
  await phone.sync(h.process);
  const events = h.accounts.storeOf(alice.user, 'events');
  const tasks = h.accounts.storeOf(alice.user, 'tasks');
  assert.equal(events.items.size, 1);
  assert.equal(tasks.items.size, 0);
  phone.replace(luid, vcal('VTODO', 'Call the garage'));
  const moved = await phone.sync(h.process);
  assert.equal(events.items.size, 0, 'no copy left among the events');
  assert.equal(tasks.items.size, 1);
  assert.match([...tasks.items.values()][0]!.data, /BEGIN:VTODO/);
  assert.deepEqual(moved.received, { add: 0, replace: 0, delete: 0 }, 'the move is not echoed to the phone');
  const again = await phone.sync(h.process);
  assert.deepEqual(again.received, { add: 0, replace: 0, delete: 0 });
  // The phone edits the task again: it stays one item, in the tasks collection.
  phone.replace(luid, vcal('VTODO', 'Call the garage today'));
  await phone.sync(h.process);
  assert.equal(tasks.items.size, 1);
  assert.match([...tasks.items.values()][0]!.data, /SUMMARY:Call the garage today/);
});

test('a phone whose one agenda store takes VTODO gets the server tasks from its first sync', async () => {
  const h = engineHarness();
  h.accounts.storeOf(alice.user, 'events').put('e.ics', vcal('VEVENT', 'Server event').replace('VERSION:1.0', 'VERSION:2.0'));
  h.accounts.storeOf(alice.user, 'tasks').put('t.ics', vcal('VTODO', 'Server task').replace('VERSION:1.0', 'VERSION:2.0'));
  const phone = new ModelClient({ deviceId: 'agenda-0', ...alice, version: '1.1', storeURI: 'Calendar', sourceURI: 'agenda', contentType: 'text/x-vcalendar', devInf: agendaDevInf(false) });
  const first = await phone.sync(h.process);
  assert.equal(first.received.add, 2);
  const received = [...phone.items.values()];
  assert.ok(received.some((d) => /BEGIN:VTODO[\s\S]*SUMMARY:Server task/.test(d)), 'the task, as a vCalendar VTODO');
  assert.ok(received.some((d) => /BEGIN:VEVENT[\s\S]*SUMMARY:Server event/.test(d)));
});

test('a device with a tasks store of its own keeps Calendar to events', async () => {
  const h = engineHarness();
  h.accounts.storeOf(alice.user, 'tasks').put('t.ics', vcal('VTODO', 'Server task').replace('VERSION:1.0', 'VERSION:2.0'));
  const phone = new ModelClient({ deviceId: 'agenda-2', ...alice, version: '1.1', storeURI: 'Calendar', sourceURI: 'agenda', contentType: 'text/x-vcalendar', devInf: agendaDevInf(true) });
  const first = await phone.sync(h.process);
  assert.equal(first.received.add, 0, 'tasks stay in the Tasks store');
});

test('without DevInf, a task sent into the events store makes it combined from then on', async () => {
  const h = engineHarness();
  const tasks = h.accounts.storeOf(alice.user, 'tasks');
  tasks.put('server-task.ics', vcal('VTODO', 'Server task').replace('VERSION:1.0', 'VERSION:2.0'));
  const phone = new ModelClient({ deviceId: 'agenda-3', ...alice, storeURI: 'Calendar', contentType: 'text/x-vcalendar' });
  phone.add(vcal('VEVENT', 'Dentist'));
  const first = await phone.sync(h.process);
  assert.equal(first.received.add, 0, 'an events store until the phone shows it keeps tasks');
  phone.add(vcal('VTODO', 'Buy stamps'));
  const second = await phone.sync(h.process);
  assert.equal(h.accounts.storeOf(alice.user, 'events').items.size, 1);
  assert.equal(tasks.items.size, 2, 'the task went to the tasks collection');
  const third = await phone.sync(h.process);
  assert.equal(second.received.add + third.received.add, 1, 'the server task reached the phone once');
  assert.ok([...phone.items.values()].some((d) => d.includes('Server task')));
});
