// What a vCalendar 1.0 device cannot store survives its changes (issue 5), with SyncEvolution and
// Radicale: an event with an attendee, an X- property and a moved occurrence goes to the device,
// the device renames it, and Radicale still has the attendee, the X- property and the occurrence.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, ensureStack } from '../support/stack.ts';
import { emptyCollection, getItem, putICalendar } from '../support/dav.ts';
import { SyncEvolutionDevice } from '../support/syncevolution.ts';
import { startTestGateway } from '../support/gateway.ts';
import { ok } from '../support/sync-assertions.ts';
import type { RunningGateway } from '../../gateway/server.ts';

// Its own account, so this suite can run beside the others.
const account = accounts.frank;
const run = Date.now().toString(36);
const uid = `merge-${run}`;

const event = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
  'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261120T080000Z', 'SUMMARY:Planning', 'LOCATION:Room 7',
  'DTSTART:20261202T090000Z', 'DTEND:20261202T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=8',
  'ORGANIZER;CN=Frank:mailto:frank@example.com',
  'ATTENDEE;CN=Grace;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:grace@example.com',
  'X-MERGE-CHECK:kept-on-server',
  'END:VEVENT',
  'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261120T080000Z', 'RECURRENCE-ID:20261209T090000Z', 'SUMMARY:Planning (moved)',
  'DTSTART:20261209T130000Z', 'DTEND:20261209T140000Z',
  'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n');

const unfold = (text: string): string => text.replace(/\r\n[ \t]/g, '');

describe('a vCalendar 1.0 device renames an event it cannot fully store', { timeout: 600_000 }, () => {
  let gateway: RunningGateway;
  let device: SyncEvolutionDevice;

  before(async () => {
    await ensureStack();
    await emptyCollection(account, 'calendar');
    gateway = await startTestGateway({ state: mkdtempSync(join(tmpdir(), 'syncml-merge-')) });
    device = new SyncEvolutionDevice({
      syncURL: gateway.url, ...account, deviceId: `it-merge-${run}`,
      stores: [{ name: 'calendar', databaseFormat: 'text/calendar', uri: 'Calendar', syncFormat: 'text/x-vcalendar', forceSyncFormat: true }],
    });
    await device.configure();
  });
  after(async () => {
    await gateway?.close();
    await device?.cleanup();
  });

  test('Radicale keeps the attendee, the X- property and the moved occurrence', async () => {
    await putICalendar(account, 'calendar', `${uid}.ics`, event);
    const first = ok(await device.sync('two-way'));
    assert.ok((first.stats.calendar?.local.added ?? 0) >= 1, JSON.stringify(first.stats));

    const files = await device.listItems('calendar');
    const texts = await Promise.all(files.map(async (name) => ({ name, text: await device.readItem('calendar', name) })));
    const held = texts.find((t) => /SUMMARY:Planning\r?\n/.test(unfold(t.text)));
    assert.ok(held, texts.map((t) => t.text).join('\n---\n'));
    // The device got the series with the moved date excluded, not the moved occurrence mixed in.
    assert.match(unfold(held.text), /EXDATE[^:\r\n]*:[^\r\n]*20261209/);
    assert.doesNotMatch(held.text, /Planning \(moved\)/);
    await device.writeItem('calendar', held.name, held.text.replace(/SUMMARY:Planning(\r?\n)/, 'SUMMARY:Planning 2027$1'));
    const second = ok(await device.sync('two-way'));
    assert.equal(second.stats.calendar?.remote.updated, 1, JSON.stringify(second.stats));

    const stored = unfold((await getItem(account, 'calendar', `${uid}.ics`))?.data ?? '');
    assert.match(stored, /SUMMARY:Planning 2027\r\n/);
    assert.match(stored, /ATTENDEE[^\r\n]*:mailto:grace@example\.com/i);
    assert.match(stored, /X-MERGE-CHECK:kept-on-server/);
    assert.match(stored, /RECURRENCE-ID[^:\r\n]*:20261209T090000Z[\s\S]*SUMMARY:Planning \(moved\)|SUMMARY:Planning \(moved\)[\s\S]*RECURRENCE-ID[^:\r\n]*:20261209T090000Z/);
    assert.equal(stored.split(`UID:${uid}\r\n`).length - 1, 2, 'the override keeps the UID');
    assert.match(stored, /RRULE:FREQ=WEEKLY/);
    assert.doesNotMatch(stored, /EXDATE/, 'the exclusion was only for the device');
  });
});
