// The recorded sessions of real clients (test/fixtures/traces/horde-syncml) replayed against
// the engine: every message gets an answer without protocol errors. The server side of the
// traces is Horde's and differs from ours (ids, anchors); only the client side is replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '../../../gateway/codec/index.ts';
import { readMessage } from '../../../gateway/protocol/read.ts';
import type { Status, SyncMLMessage } from '../../../gateway/protocol/model.ts';
import { engineHarness } from '../../support/engine-harness.ts';

const root = join(import.meta.dirname, '..', '..', 'fixtures', 'traces', 'horde-syncml');

/**
 * Statuses that mean the gateway did not understand or could not serve a command. 508
 * (refresh required) is expected in a device's first session here: it comes with anchors of
 * its earlier syncs with Horde, which this gateway never saw.
 */
function protocolErrors(reply: SyncMLMessage, firstSession: boolean): string[] {
  return reply.body
    .filter((c): c is Status => c.kind === 'Status')
    .filter((s) => {
      const code = Number(s.data);
      if (s.cmd === 'SyncHdr') return code !== 200 && code !== 212;
      if (code === 508 && firstSession) return false;
      // 415: an item format not served yet (SIF) is a data status, not a protocol error.
      return code >= 500 || [400, 404, 405, 406, 412].includes(code);
    })
    .map((s) => `${s.cmd} ${s.cmdRef}: ${s.data}`);
}

const cases = readdirSync(root).filter((d) => d.startsWith('testcase_'));

test('the recorded client sessions of real phones replay without protocol errors', async (t) => {
  assert.equal(cases.length, 6);
  for (const testcase of cases) {
    await t.test(testcase, async () => {
      const h = engineHarness({ syncmltest: 'syncmltest' });
      const files = readdirSync(join(root, testcase)).filter((f) => /^syncml_client_\d+\.xml$/.test(f)).sort();
      const sessions = new Map<string, string[]>();
      for (const f of files) {
        const session = /_(\d)\d*\.xml$/.exec(f)![1]!;
        sessions.set(session, [...(sessions.get(session) ?? []), f]);
      }
      let replies = 0;
      const first = [...sessions.keys()][0];
      for (const [session, messages] of sessions) {
        let sid: string | undefined;
        for (const file of messages) {
          const message = readMessage(decode(readFileSync(join(root, testcase, file)), 'xml'));
          const reply = await h.process(message, sid);
          replies++;
          if (reply.hdr.respURI !== undefined) sid = new URL(reply.hdr.respURI).searchParams.get('sid') ?? sid;
          assert.deepEqual(protocolErrors(reply, session === first), [], `${testcase} session ${session}, ${file}`);
        }
      }
      assert.ok(replies >= files.length);
    });
  }
});

test('the P900 (MaxGUIDSize 4) never sees a server id longer than 4 bytes', async () => {
  const h = engineHarness({ syncmltest: 'syncmltest' });
  const dir = join(root, 'testcase_P900_tasksandcalendar');
  // The server already holds events and tasks the phone does not have.
  const event = (i: number) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:long-server-uid-${i}\r\nDTSTAMP:20261126T100000Z\r\nDTSTART:20261201T100000Z\r\nSUMMARY:Server event ${i}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
  for (let i = 0; i < 3; i++) h.accounts.storeOf('syncmltest', 'events').put(`a-long-server-resource-name-${i}.ics`, event(i));
  let sid: string | undefined;
  const ids: string[] = [];
  for (const file of ['syncml_client_10.xml', 'syncml_client_11.xml', 'syncml_client_12.xml']) {
    const reply = await h.process(readMessage(decode(readFileSync(join(dir, file)), 'xml')), sid);
    if (reply.hdr.respURI !== undefined) sid = new URL(reply.hdr.respURI).searchParams.get('sid') ?? sid;
    for (const c of reply.body) if (c.kind === 'Sync') for (const inner of c.commands) if (inner.kind === 'Add') ids.push(inner.items[0]?.source?.locURI ?? '');
  }
  assert.ok(ids.length >= 3, `server adds sent: ${ids.length}`);
  assert.ok(ids.every((id) => Buffer.byteLength(id) <= 4), ids.join(', '));
});
