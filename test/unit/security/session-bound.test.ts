// Session count (issue 6: "session count bounded"): first messages that never authenticate
// must not each leave state behind until it expires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness } from '../../support/engine-harness.ts';
import type { Status, SyncMLMessage } from '../../../gateway/protocol/model.ts';

const ANONYMOUS = 1000;
/** A stand-in for a configured limit on sessions that have not authenticated. */
const BOUND = 100;

function anonymous(device: number): SyncMLMessage {
  return {
    version: '1.2',
    hdr: {
      verDTD: '1.2',
      verProto: 'SyncML/1.2',
      sessionID: '1',
      msgID: '1',
      target: { locURI: 'http://gateway.test/syncml' },
      source: { locURI: `IMEI:flood-${device}` },
    },
    body: [{ kind: 'Alert', cmdID: '1', data: 201, items: [{ target: { locURI: 'contacts' }, source: { locURI: './contacts' } }] }],
    final: true,
  };
}

test(
  `${ANONYMOUS} anonymous first messages leave at most ${BOUND} sessions in the state store`,
  { todo: 'engine: a session nobody authenticated in now expires after 60 s (engine.ts anonymousTtlMs), but within that minute a flood of anonymous first messages still leaves one session each: no count bound yet' },
  async () => {
    const h = engineHarness();
    for (let i = 0; i < ANONYMOUS; i++) {
      const reply = await h.process(anonymous(i), undefined);
      const hdr = reply.body.find((c): c is Status => c.kind === 'Status' && c.cmd === 'SyncHdr');
      assert.equal(hdr?.data, '407');
    }
    const sessions = [...h.state.data.keys()].filter((k) => k.startsWith('session')).length;
    assert.ok(sessions <= BOUND, `${sessions} session keys after ${ANONYMOUS} anonymous messages`);
  },
);
