// Session count (issue 6: "session count bounded"): first messages that never authenticate
// must not each leave state behind until it expires. Sessions nobody authenticated in take a
// slot (in total and per client address) in the shared state store; over the bound the
// SyncHdr gets 503 and nothing is kept; authenticated sessions never need a slot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, type HarnessOptions } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';
import { defaultAuthSettings } from '../../../gateway/engine/auth.ts';
import { parseSecurityConfig } from '../../../gateway/security-config.ts';
import type { Logger } from '../../../gateway/ports/logger.ts';
import type { Status, SyncMLMessage } from '../../../gateway/protocol/model.ts';

const ANONYMOUS = 1000;
const BOUND = 100;

function anonymous(device: number | string): SyncMLMessage {
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

const hdrStatus = (reply: SyncMLMessage): string | undefined => reply.body.find((c): c is Status => c.kind === 'Status' && c.cmd === 'SyncHdr')?.data;

function recordingLogger(lines: Array<{ level: string; msg: string | undefined }>): Logger {
  const logger: Logger = {
    debug: (_o, msg) => void lines.push({ level: 'debug', msg }),
    info: (_o, msg) => void lines.push({ level: 'info', msg }),
    warn: (_o, msg) => void lines.push({ level: 'warn', msg }),
    error: (_o, msg) => void lines.push({ level: 'error', msg }),
    child: () => logger,
  };
  return logger;
}

function bounded(total: number, perAddress: number, extra: HarnessOptions = {}): HarnessOptions {
  return { ...extra, auth: { ...defaultAuthSettings, sessions: { total, perAddress } } };
}

test(`${ANONYMOUS} anonymous first messages leave at most ${BOUND} sessions in the state store`, async () => {
  const lines: Array<{ level: string; msg: string | undefined }> = [];
  const h = engineHarness(undefined, undefined, bounded(BOUND, 0, { logger: recordingLogger(lines) }));
  const answers = new Map<string, number>();
  for (let i = 0; i < ANONYMOUS; i++) {
    const code = hdrStatus(await h.process(anonymous(i), undefined)) ?? 'none';
    answers.set(code, (answers.get(code) ?? 0) + 1);
  }
  assert.deepEqual(Object.fromEntries(answers), { '407': BOUND, '503': ANONYMOUS - BOUND });
  const sessions = [...h.state.data.keys()].filter((k) => k.startsWith('session')).length;
  assert.ok(sessions <= 2 * BOUND, `${sessions} session keys after ${ANONYMOUS} anonymous messages`);
  assert.equal([...h.state.data.keys()].filter((k) => k.startsWith('session:')).length, BOUND);
  const refusals = lines.filter((l) => l.level === 'warn' && /too many sessions without authentication/.test(l.msg ?? ''));
  assert.equal(refusals.length, ANONYMOUS - BOUND, 'each refusal is logged');
});

test('per client address: the bound of one address leaves the others alone', async () => {
  const first = engineHarness(undefined, undefined, bounded(0, 3, { clientAddress: '192.0.2.1' }));
  const byAddress = (address: string) => engineHarness(undefined, { accounts: first.accounts, state: first.state }, bounded(0, 3, { clientAddress: address }));
  const codes: Array<string | undefined> = [];
  for (let i = 0; i < 5; i++) codes.push(hdrStatus(await first.process(anonymous(`a${i}`), undefined)));
  assert.deepEqual(codes, ['407', '407', '407', '503', '503']);
  assert.equal(hdrStatus(await byAddress('192.0.2.2').process(anonymous('b0'), undefined)), '407', 'another address still gets in');
});

test('authenticated sessions need no slot: a full bound neither keeps them out nor evicts them', async () => {
  const h = engineHarness(undefined, undefined, bounded(5, 0));
  // An authenticated session is under way when the flood starts.
  const alice = new ModelClient({ deviceId: 'alice-phone', user: 'alice@example.com', password: 'alice-secret' });
  alice.add('BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ada;;;;\r\nFN:Ada\r\nEND:VCARD\r\n');
  assert.equal((await alice.sync(h.process)).hdrStatus, 200);
  for (let i = 0; i < 20; i++) await h.process(anonymous(i), undefined);
  assert.equal(hdrStatus(await h.process(anonymous('late'), undefined)), '503', 'the bound is full');
  // A client with credentials still syncs, start to end.
  const bob = new ModelClient({ deviceId: 'bob-phone', user: 'bob@example.com', password: 'bob-secret' });
  bob.add('BEGIN:VCARD\r\nVERSION:3.0\r\nN:Bo;;;;\r\nFN:Bo\r\nEND:VCARD\r\n');
  const outcome = await bob.sync(h.process);
  assert.equal(outcome.hdrStatus, 200);
  assert.equal(h.accounts.storeOf('bob@example.com').items.size, 1);
  const again = await alice.sync(h.process);
  assert.equal(again.hdrStatus, 200);
  assert.equal(again.serverMode, 200, "alice's device state is still there: a two-way sync");
});

test('a challenged client that then authenticates gives its slot back', async () => {
  const h = engineHarness(undefined, undefined, bounded(1, 0));
  const client = new ModelClient({ deviceId: 'no-cred-first', user: 'alice@example.com', password: 'alice-secret', auth: 'none' });
  // Its first message has no credentials (407 and a Chal): it holds the only slot meanwhile...
  let blocked: string | undefined;
  const outcome = await client.sync(async (message, sid, url) => {
    const reply = await h.process(message, sid, url);
    if (message.hdr.msgID === '1') blocked = hdrStatus(await h.process(anonymous('other'), undefined));
    return reply;
  });
  assert.equal(blocked, '503', 'while the challenged session holds the slot, another anonymous one is refused');
  assert.equal(outcome.hdrStatus, 200);
  // ...and once it authenticated, the slot is free again.
  assert.equal(hdrStatus(await h.process(anonymous('after'), undefined)), '407');
});

test('slots lapse with their sessions, and instances sharing the state store count together', async () => {
  let now = Date.parse('2026-11-26T10:00:00Z');
  const options = bounded(2, 0, { clock: { now: () => new Date(now) } });
  const one = engineHarness(undefined, undefined, options);
  const two = engineHarness(undefined, { accounts: one.accounts, state: one.state }, options);
  assert.equal(hdrStatus(await one.process(anonymous(1), undefined)), '407');
  assert.equal(hdrStatus(await two.process(anonymous(2), undefined)), '407');
  assert.equal(hdrStatus(await one.process(anonymous(3), undefined)), '503', 'the second instance took the last slot');
  assert.equal(hdrStatus(await two.process(anonymous(4), undefined)), '503');
  now += 61_000;
  assert.equal(hdrStatus(await two.process(anonymous(5), undefined)), '407', 'a minute later the slots have lapsed');
});

test('configuration: SYNCML_MAX_ANONYMOUS_SESSIONS and _PER_ADDRESS, with defaults', () => {
  assert.deepEqual(parseSecurityConfig({}).config?.anonymousSessions, { total: 1000, perAddress: 50 });
  const set = parseSecurityConfig({ SYNCML_MAX_ANONYMOUS_SESSIONS: '200', SYNCML_MAX_ANONYMOUS_SESSIONS_PER_ADDRESS: '0' });
  assert.deepEqual(set.config?.anonymousSessions, { total: 200, perAddress: 0 });
  assert.match(parseSecurityConfig({ SYNCML_MAX_ANONYMOUS_SESSIONS: '-1' }).problems.join('\n'), /SYNCML_MAX_ANONYMOUS_SESSIONS/);
});
