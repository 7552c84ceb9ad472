// The security configuration: defaults, every combination that cannot work refused at start
// with a line naming the variable (an MD5 policy with no source that can check it first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../gateway/config.ts';
import { securityDeps, tlsOptions } from '../../../gateway/security-wiring.ts';
import { silentLogger } from '../../../gateway/ports/logger.ts';

const required = { SYNCML_IMAP_URL: 'imap://127.0.0.1:14143', SYNCML_DAV_URL: 'http://127.0.0.1:15232/' };
const dir = mkdtempSync(join(tmpdir(), 'syncml-auth-config-'));
const plainFile = join(dir, 'plain');
const hashedFile = join(dir, 'hashed');
writeFileSync(plainFile, 'alice@example.com:alice-secret\n');
writeFileSync(hashedFile, 'alice@example.com:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=\n');

function problems(env: Record<string, string>): string {
  try {
    loadConfig({ ...required, ...env });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

test('defaults: basic via IMAP, everyone, limits on, same-password logins, no TLS', () => {
  const s = loadConfig(required).security;
  assert.equal(s.enabled, true);
  assert.equal(s.authPolicy, 'basic');
  assert.equal(s.authSource, 'imap');
  assert.equal(s.authConfirm, 'none');
  assert.deepEqual(s.limits, { perAccount: 10, perAddress: 50, windowMs: 900_000 });
  assert.deepEqual(s.logins, { imap: { mode: 'same' }, dav: { mode: 'same' }, smtp: { mode: 'same' } });
  assert.deepEqual(s.allow, { accounts: [], domains: [] });
  assert.equal(s.tls, undefined);
});

test('an MD5 policy without a source that knows passwords in clear refuses to start, and says why', () => {
  for (const policy of ['md5', 'basic-or-md5']) {
    const message = problems({ SYNCML_AUTH_POLICY: policy });
    assert.match(message, /SYNCML_AUTH_POLICY: .*needs the users' passwords in clear/);
    assert.match(message, /SYNCML_AUTH_SOURCE=file/);
    assert.match(message, /only basic can work/);
  }
  assert.match(problems({ SYNCML_AUTH_POLICY: 'md5', SYNCML_AUTH_SOURCE: 'file' }), /SYNCML_PASSWORD_FILE/);
});

test('every other impossible combination is named, all at once', () => {
  const message = problems({
    SYNCML_IMAP_URL: 'http://wrong',
    SYNCML_AUTH_CONFIRM: 'imap',
    SYNCML_IMAP_LOGIN: 'service',
    SYNCML_DAV_LOGIN: 'master',
    SYNCML_SMTP_LOGIN: 'file',
    SYNCML_TLS_CERT: '/etc/ssl/cert.pem',
    SYNCML_ALLOW: 'alice@',
  });
  for (const pattern of [
    /SYNCML_IMAP_URL/,
    /SYNCML_AUTH_CONFIRM: imap only goes with SYNCML_AUTH_SOURCE=file/,
    /SYNCML_IMAP_LOGIN: a service account would open its own mailbox/,
    /SYNCML_DAV_LOGIN: master needs SYNCML_DAV_MASTER_USER and SYNCML_DAV_MASTER_PASSWORD/,
    /SYNCML_SMTP_LOGIN: file needs SYNCML_SMTP_LOGIN_FILE/,
    /SYNCML_TLS_CERT and SYNCML_TLS_KEY: set both/,
    /SYNCML_ALLOW: "alice@"/,
  ]) {
    assert.match(message, pattern);
  }
  assert.match(problems({ SYNCML_AUTH_POLICY: 'digest' }), /SYNCML_AUTH_POLICY/);
  assert.match(problems({ SYNCML_ENABLED: 'maybe' }), /SYNCML_ENABLED/);
});

test('a full MD5 setup with a Dovecot master user and per-user DAV passwords', () => {
  const s = loadConfig({
    ...required,
    SYNCML_ENABLED: 'yes',
    SYNCML_AUTH_POLICY: 'md5',
    SYNCML_AUTH_SOURCE: 'file',
    SYNCML_PASSWORD_FILE: plainFile,
    SYNCML_AUTH_CONFIRM: 'imap',
    SYNCML_IMAP_LOGIN: 'master',
    SYNCML_IMAP_MASTER_USER: 'syncml-master',
    SYNCML_IMAP_MASTER_PASSWORD: 'master-secret',
    SYNCML_DAV_LOGIN: 'file',
    SYNCML_DAV_LOGIN_FILE: plainFile,
    SYNCML_ALLOW: 'example.com carol@example.org',
    SYNCML_DENY: 'bob@example.com',
    SYNCML_AUTH_MAX_FAILURES: '0',
    SYNCML_AUTH_FAILURE_WINDOW: '60',
  }).security;
  assert.equal(s.authPolicy, 'md5');
  assert.deepEqual(s.logins.imap, { mode: 'master', masterUser: 'syncml-master', masterPassword: 'master-secret', separator: '*' });
  assert.deepEqual(s.logins.dav, { mode: 'file', file: plainFile });
  assert.deepEqual(s.allow, { accounts: ['carol@example.org'], domains: ['example.com'] });
  assert.deepEqual(s.deny, { accounts: ['bob@example.com'], domains: [] });
  assert.deepEqual(s.limits, { perAccount: 0, perAddress: 50, windowMs: 60_000 });
  const deps = securityDeps(loadConfig({ ...required, SYNCML_AUTH_POLICY: 'md5', SYNCML_AUTH_SOURCE: 'file', SYNCML_PASSWORD_FILE: plainFile }), silentLogger);
  assert.ok(deps.passwords !== undefined);
  assert.equal(deps.auth.policy, 'md5');
});

test('at start: an unreadable password file, an MD5 policy over hashes only, or missing TLS files refuse to start', () => {
  const start = (env: Record<string, string>) => () => {
    const config = loadConfig({ ...required, ...env });
    securityDeps(config, silentLogger);
    tlsOptions(config);
  };
  assert.throws(start({ SYNCML_AUTH_SOURCE: 'file', SYNCML_PASSWORD_FILE: join(dir, 'missing') }), (e: unknown) => e instanceof ConfigError && /SYNCML_PASSWORD_FILE: ENOENT/.test(e.message));
  assert.throws(start({ SYNCML_AUTH_POLICY: 'md5', SYNCML_AUTH_SOURCE: 'file', SYNCML_PASSWORD_FILE: hashedFile }), /no password in clear/);
  assert.doesNotThrow(start({ SYNCML_AUTH_SOURCE: 'file', SYNCML_PASSWORD_FILE: hashedFile }), 'basic works over hashes');
  assert.throws(start({ SYNCML_TLS_CERT: join(dir, 'no-cert'), SYNCML_TLS_KEY: join(dir, 'no-key') }), (e: unknown) => e instanceof ConfigError && /SYNCML_TLS_CERT/.test(e.message));
  assert.throws(start({ SYNCML_DAV_LOGIN: 'service', SYNCML_DAV_LOGIN_FILE: join(dir, 'missing') }), /LOGIN_FILE: ENOENT/);
});
