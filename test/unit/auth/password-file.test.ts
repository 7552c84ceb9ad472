// The password-file credential source: passwords in clear (basic and MD5) and the hashes of
// Dovecot passwd-file and htpasswd (basic only), checked against hashes made by doveadm and
// OpenSSL; the file is read again when it changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PasswordFile, parsePasswordFile } from '../../../adapters/password-file/password-file.ts';
import { check } from '../../../adapters/password-file/schemes.ts';
import { crypt } from '../../../adapters/password-file/crypt.ts';

const password = 'pa$$ wörd';

function doveadm(scheme: string): string | undefined {
  try {
    return execFileSync('doveadm', ['pw', '-s', scheme, '-p', password], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return undefined;
  }
}

test('crypt(3) hashes equal what OpenSSL makes (MD5-crypt, Apache apr1, SHA-256/512-crypt)', () => {
  for (const [flag, salt] of [['-1', 'abcdefgh'], ['-apr1', 'xyz'], ['-5', 'saltsalt'], ['-6', 'saltsaltsaltsalt'], ['-6', 'ab']] as const) {
    const reference = execFileSync('openssl', ['passwd', flag, '-salt', salt, password]).toString().trim();
    assert.equal(crypt(password, reference), reference, flag);
  }
  // Drepper's reference vectors with explicit rounds.
  assert.equal(crypt('Hello world!', '$5$rounds=10000$saltstringsaltstring'), '$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA');
  assert.equal(
    crypt('Hello world!', '$6$rounds=10000$saltstringsaltstring'),
    '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
  );
});

test('every Dovecot scheme doveadm makes is checked (the right password passes, a wrong one does not)', (t) => {
  const schemes = ['PLAIN', 'PLAIN-MD5', 'LDAP-MD5', 'SHA', 'SSHA', 'SHA256', 'SSHA256', 'SHA512', 'SSHA512', 'MD5-CRYPT', 'SHA256-CRYPT', 'SHA512-CRYPT'];
  if (doveadm('SHA') === undefined) return t.skip('doveadm is not installed');
  for (const scheme of schemes) {
    const line = `alice@example.com:${doveadm(scheme)}:65534:65534::/home/alice::`;
    const stored = parsePasswordFile(line).entries.get('alice@example.com');
    assert.ok(stored !== undefined, scheme);
    assert.ok(check(password, stored), `${scheme}: right password`);
    assert.ok(!check(`${password}x`, stored), `${scheme}: wrong password`);
  }
});

test('htpasswd and plain lines; what is in clear and what is not supported is counted', () => {
  const sha = `{SHA}${execFileSync('openssl', ['dgst', '-sha1', '-binary'], { input: password }).toString('base64')}`;
  const apr1 = execFileSync('openssl', ['passwd', '-apr1', '-salt', 'r4nd0m', password]).toString().trim();
  const text = [
    '# users of example.com',
    `Alice@Example.com:${password}`,
    'bob@example.com:{PLAIN}bob:secret-with-no-colon-after:1000:1000::/home/bob',
    `carol@example.org:${sha}`,
    `dave@example.org:${apr1}`,
    'erin@example.org:$2y$05$jJ/BihHHAlHNjVOct22hKeob8hOgDEPVi89b.odvtIaelFDVqflYW',
    'plain-with-colons@example.org:a:b:c',
    'not a line',
    '',
  ].join('\n');
  const { entries, summary } = parsePasswordFile(text);
  assert.deepEqual(summary, { users: 6, plain: 3, unsupported: 1, badLines: [8] });
  assert.ok(check(password, entries.get('alice@example.com')!), 'user names are matched in lower case');
  assert.equal(entries.get('bob@example.com')?.value, 'bob', 'a {SCHEME} value ends at the next colon (passwd-file layout)');
  assert.ok(check(password, entries.get('carol@example.org')!));
  assert.ok(check(password, entries.get('dave@example.org')!));
  assert.ok(!check(password, entries.get('erin@example.org')!), 'bcrypt is not supported: nobody gets in');
  assert.equal(entries.get('plain-with-colons@example.org')?.value, 'a:b:c', 'a value without a scheme is the rest of the line');
});

test('the PasswordFile port: basic for every entry, MD5 lookups only for passwords in clear; changes are picked up', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'syncml-passwords-'));
  const path = join(dir, 'passwd');
  const sha = `{SHA}${execFileSync('openssl', ['dgst', '-sha1', '-binary'], { input: 'hashed-secret' }).toString('base64')}`;
  writeFileSync(path, `alice@example.com:alice-secret\nbob@example.com:${sha}\n`);
  let now = 0;
  const file = new PasswordFile({ path, recheckMs: 1000, now: () => now });
  assert.equal(await file.verify({ user: 'ALICE@example.com', password: 'alice-secret' }), 'ok');
  assert.equal(await file.verify({ user: 'alice@example.com', password: 'nope' }), 'invalid');
  assert.equal(await file.verify({ user: 'bob@example.com', password: 'hashed-secret' }), 'ok');
  assert.equal(await file.verify({ user: 'nobody@example.com', password: 'x' }), 'invalid');
  assert.deepEqual(await file.lookup('alice@example.com'), { kind: 'plain', password: 'alice-secret' });
  assert.deepEqual(await file.lookup('bob@example.com'), { kind: 'hashed' });
  assert.deepEqual(await file.lookup('nobody@example.com'), { kind: 'unknown' });
  writeFileSync(path, 'alice@example.com:changed-secret-longer\n');
  assert.equal(await file.verify({ user: 'alice@example.com', password: 'alice-secret' }), 'ok', 'not re-read before recheckMs');
  now += 1000;
  assert.equal(await file.verify({ user: 'alice@example.com', password: 'changed-secret-longer' }), 'ok');
  assert.equal(await file.verify({ user: 'bob@example.com', password: 'hashed-secret' }), 'invalid');
  assert.throws(() => new PasswordFile({ path: join(dir, 'missing') }), /ENOENT/);
});
