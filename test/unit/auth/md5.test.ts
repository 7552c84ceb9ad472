// The syncml:auth-md5 digest against what SyncEvolution really sent (recorded traces), against
// OpenSSL as an independent oracle, and whole MD5 sessions through the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultAuthSettings } from '../../../gateway/engine/auth.ts';
import { md5Digest } from '../../../gateway/engine/auth/md5-digest.ts';
import type { Status } from '../../../gateway/protocol/model.ts';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { MemoryPasswords } from '../../support/memory-backend.ts';
import { ModelClient } from '../../support/model-client.ts';

const traces = join(import.meta.dirname, '..', '..', 'fixtures', 'traces', 'syncevolution', 'sessions', 'syncml12-wbxml');
const read = (scenario: string, file: string): string => readFileSync(join(traces, scenario, file), 'utf8');
const credData = (xml: string): string => /<Cred>.*?<Data>([^<]*)<\/Data>/s.exec(xml)?.[1] ?? '';
const nextNonces = (xml: string): string[] => [...xml.matchAll(/<NextNonce[^>]*>([^<]*)</g)].map((m) => m[1] ?? '');

test('SyncEvolution: a new client digests an empty nonce; the next session uses the last NextNonce it got (decoded)', () => {
  // Recorded against SyncEvolution's own server as alice / secret.
  const first = credData(read('01-slow-initial', 'msg001-client.synthesis.xml'));
  assert.equal(md5Digest('1.2', 'alice', 'secret', Buffer.alloc(0)).toString('base64'), first);
  const lastNonce = ['msg001', 'msg002', 'msg003'].flatMap((m) => nextNonces(read('01-slow-initial', `${m}-server.synthesis.xml`))).at(-1) ?? '';
  const second = credData(read('02-two-way-client-changes', 'msg001-client.synthesis.xml'));
  assert.equal(md5Digest('1.2', 'alice', 'secret', Buffer.from(lastNonce, 'base64')).toString('base64'), second);
});

test('the 1.1/1.2 and 1.0 digests equal what OpenSSL computes', () => {
  const md5b64 = (input: Buffer): string => execFileSync('openssl', ['dgst', '-md5', '-binary'], { input }).toString('base64');
  const nonce = Buffer.from('Tik+WjkjISE=', 'base64');
  const inner = md5b64(Buffer.from('alice@example.com:p@ss:w0rd'));
  assert.equal(md5Digest('1.2', 'alice@example.com', 'p@ss:w0rd', nonce).toString('base64'), md5b64(Buffer.concat([Buffer.from(`${inner}:`), nonce])));
  assert.equal(md5Digest('1.1', 'alice@example.com', 'p@ss:w0rd', nonce).toString('base64'), md5b64(Buffer.concat([Buffer.from(`${inner}:`), nonce])));
  assert.equal(md5Digest('1.0', 'alice@example.com', 'p@ss:w0rd', nonce).toString('base64'), md5b64(Buffer.concat([Buffer.from('alice@example.com:p@ss:w0rd:'), nonce])));
});

test('a whole MD5 session: every SyncHdr Status carries the NextNonce, and the next session needs no challenge', async () => {
  const alice = { user: 'alice@example.com', password: 'alice-secret' };
  const passwords = new MemoryPasswords({ [alice.user]: alice.password });
  const h = engineHarness({}, undefined, { auth: { ...defaultAuthSettings, policy: 'md5' }, passwords });
  const client = new ModelClient({ deviceId: 'IMEI:md5-session', ...alice, auth: 'md5' });
  for (let i = 0; i < 3; i++) client.add(vcard(`Person ${i}`));
  const first = await client.sync(h.process);
  assert.equal(first.hdrStatus, 200);
  assert.equal(h.accounts.storeOf(alice.user).items.size, 3);
  const hdrStatuses = first.replies.map((r) => r.body.find((c): c is Status => c.kind === 'Status' && c.cmd === 'SyncHdr'));
  // 401 (empty nonce, challenged), 212, then 200s: each with an MD5 Chal and a NextNonce.
  assert.deepEqual(hdrStatuses.map((s) => s?.data), ['401', '212', ...hdrStatuses.slice(2).map(() => '200')]);
  for (const s of hdrStatuses) {
    assert.equal(s?.chal?.meta.type, 'syncml:auth-md5');
    assert.ok((s?.chal?.meta.nextNonce ?? '').length > 0);
  }
  const nonces = hdrStatuses.map((s) => s?.chal?.meta.nextNonce);
  assert.notEqual(nonces[0], nonces[1], 'the nonce used at 212 is replaced');
  assert.ok(nonces.slice(2).every((n) => n === nonces[1]), 'then repeated until the next check');

  const second = await client.sync(h.process);
  const firstStatus = second.replies[0]?.body.find((c): c is Status => c.kind === 'Status' && c.cmd === 'SyncHdr');
  assert.equal(firstStatus?.data, '212', 'the kept NextNonce authenticates the next session at once');
  assert.equal(second.serverMode, 200);
});
