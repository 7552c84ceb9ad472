// No log line carries a password or a credential (done-when 6 of issue 6, engine side): every
// authentication path runs with a logger that keeps everything, down to debug, and the lines
// are searched for the passwords, their base64 `user:password`, the MD5 secret and digests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { defaultAuthSettings } from '../../../gateway/engine/auth.ts';
import { parseAccessList } from '../../../gateway/engine/auth/access.ts';
import { md5Digest } from '../../../gateway/engine/auth/md5-digest.ts';
import { redactedLogFields } from '../../../gateway/security-wiring.ts';
import type { SyncMLMessage } from '../../../gateway/protocol/model.ts';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { MemoryAccountCheck, MemoryPasswords } from '../../support/memory-backend.ts';
import { ModelClient } from '../../support/model-client.ts';
import { AuthProbe, captureLogger, type LogLine } from './auth-probe.ts';

const alice = { user: 'alice@example.com', password: 'Alice-Pa55word!' };
const denied = { user: 'mallory@example.net', password: 'Mallory-Pa55word!' };
const wrong = 'Not-Her-Pa55word!';

/** Every form a secret could take in a log: the password, b64 user:password, the MD5 secret and the digests sent. */
function secretsOf(messages: SyncMLMessage[]): string[] {
  const secrets = [alice.password, wrong, denied.password];
  for (const { user, password } of [alice, denied, { user: alice.user, password: wrong }]) {
    secrets.push(Buffer.from(`${user}:${password}`).toString('base64'));
    secrets.push(md5Digest('1.2', user, password, Buffer.alloc(0)).toString('base64'));
    secrets.push(md5Digest('1.0', user, password, Buffer.alloc(0)).toString('base64'));
    // B64(MD5(user:password)): the secret inside every 1.1/1.2 digest.
    secrets.push(createHash('md5').update(`${user}:${password}`).digest('base64'));
  }
  for (const m of messages) if (m.hdr.cred !== undefined) secrets.push(m.hdr.cred.data);
  return [...new Set(secrets)];
}

test('no authentication path logs a password or a credential', async () => {
  const lines: LogLine[] = [];
  const sent: SyncMLMessage[] = [];
  const passwords = new MemoryPasswords({ [alice.user]: alice.password, [denied.user]: denied.password });
  const h = engineHarness({ [alice.user]: alice.password }, undefined, {
    auth: { policy: 'basic-or-md5', access: { enabled: true, allow: parseAccessList(''), deny: parseAccessList(denied.user) }, limits: { perAccount: 2, perAddress: 0, windowMs: 60_000 } },
    passwords,
    accountCheck: new MemoryAccountCheck([alice.user]),
    logger: captureLogger(lines),
    clientAddress: '198.51.100.1',
  });
  const process = (m: SyncMLMessage, sid: string | undefined, url?: string) => {
    sent.push(structuredClone(m));
    return h.process(m, sid, url);
  };
  // Whole sessions, basic and MD5, with items.
  for (const auth of ['basic', 'md5'] as const) {
    const client = new ModelClient({ deviceId: `IMEI:logs-${auth}`, ...alice, auth });
    client.add(vcard('Log Person'));
    assert.equal((await client.sync(process)).hdrStatus, 200);
    assert.equal((await client.sync(process)).hdrStatus, 200);
  }
  // Wrong passwords, a denied account, a lock-out, a replay, garbage credentials.
  const probe = (id: string) => new AuthProbe(process, id);
  await probe('IMEI:l1').attempt({ type: 'basic', user: alice.user, password: wrong });
  await probe('IMEI:l2').attempt({ type: 'md5', user: alice.user, password: wrong, nonce: '' });
  await probe('IMEI:l3').attempt({ type: 'basic', ...denied });
  await probe('IMEI:l4').attempt({ type: 'md5', ...denied, nonce: '' });
  for (let i = 0; i < 3; i++) await probe(`IMEI:l5-${i}`).attempt({ type: 'basic', user: alice.user, password: wrong });
  await probe('IMEI:l6').attempt({ type: 'raw', cred: { meta: { type: 'syncml:auth-basic', format: 'b64' }, data: Buffer.from(alice.password).toString('base64') } });
  const md5 = probe('IMEI:logs-md5');
  const replay = sent.find((m) => m.hdr.cred?.meta?.type === 'syncml:auth-md5' && m.hdr.source.locURI === 'IMEI:logs-md5');
  if (replay !== undefined) await md5.send(replay);

  assert.ok(lines.length > 20, `${lines.length} log lines`);
  assert.ok(lines.some((l) => l.msg === 'wrong user name or password'));
  assert.ok(lines.some((l) => l.msg.startsWith('account denied')));
  const text = JSON.stringify(lines);
  for (const secret of secretsOf(sent)) assert.ok(!text.includes(secret), `a log line holds a secret (${secret.slice(0, 3)}...)`);
});

test("pino, as the gateway sets it up, blanks secret fields should one ever be logged", () => {
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
  const log = pino({ level: 'debug', redact: { paths: redactedLogFields, censor: '[secret]' } }, sink);
  log.info({ password: alice.password, credentials: alice, login: { user: 'x*master', password: 'master-secret' }, headers: { authorization: 'Basic abc' } }, 'oops');
  assert.ok(!out.includes(alice.password) && !out.includes('master-secret') && !out.includes('Basic abc'), out);
  assert.match(out, /\[secret\]/);
});

test('default settings (basic, IMAP) log no credential either', async () => {
  const lines: LogLine[] = [];
  const h = engineHarness({ [alice.user]: alice.password }, undefined, { auth: defaultAuthSettings, logger: captureLogger(lines) });
  const client = new ModelClient({ deviceId: 'IMEI:logs-default', ...alice });
  assert.equal((await client.sync(h.process)).hdrStatus, 200);
  await new AuthProbe(h.process, 'IMEI:logs-default-2').attempt({ type: 'basic', user: alice.user, password: wrong });
  const text = JSON.stringify(lines);
  assert.ok(!text.includes(alice.password) && !text.includes(wrong));
  assert.ok(!text.includes(Buffer.from(`${alice.user}:${alice.password}`).toString('base64')));
});
