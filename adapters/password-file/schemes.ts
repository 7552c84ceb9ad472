// Password schemes of passwd-file (Dovecot `{SCHEME}value`) and htpasswd entries: which ones
// keep the password in clear (MD5 can use them), and how to check a password against the rest.
import { createHash, timingSafeEqual } from 'node:crypto';
import { crypt } from './crypt.ts';

export interface StoredPassword {
  /** Upper-case scheme name (`PLAIN`, `SSHA256`, `SHA512-CRYPT`...), `CRYPT` for a bare `$n$...`. */
  scheme: string;
  value: string;
}

const plainSchemes = new Set(['PLAIN', 'CLEARTEXT']);
/** Salted and unsalted digests (Dovecot: base64 unless the scheme says `.HEX`). */
const digests: Record<string, { algorithm: string; salted: boolean; hex?: boolean }> = {
  'PLAIN-MD5': { algorithm: 'md5', salted: false, hex: true },
  'LDAP-MD5': { algorithm: 'md5', salted: false },
  SHA: { algorithm: 'sha1', salted: false },
  SHA1: { algorithm: 'sha1', salted: false },
  SSHA: { algorithm: 'sha1', salted: true },
  SHA256: { algorithm: 'sha256', salted: false },
  SSHA256: { algorithm: 'sha256', salted: true },
  SHA512: { algorithm: 'sha512', salted: false },
  SSHA512: { algorithm: 'sha512', salted: true },
};
const cryptSchemes = new Set(['CRYPT', 'MD5', 'MD5-CRYPT', 'SHA256-CRYPT', 'SHA512-CRYPT']);

export function isPlain(stored: StoredPassword): boolean {
  return plainSchemes.has(stored.scheme);
}

/** Whether `check` can verify passwords stored with this scheme. */
export function isSupported(stored: StoredPassword): boolean {
  const base = stored.scheme.replace(/\.(HEX|B64)$/, '');
  return plainSchemes.has(base) || base in digests || (cryptSchemes.has(base) && /^\$(1|apr1|5|6)\$/.test(stored.value));
}

const same = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/** Checks `password` against a stored entry; false for an unsupported scheme. */
export function check(password: string, stored: StoredPassword): boolean {
  const [base = '', encoding] = stored.scheme.split('.');
  if (plainSchemes.has(base)) return same(Buffer.from(password, 'utf8'), Buffer.from(stored.value, 'utf8'));
  const digest = digests[base];
  if (digest !== undefined) {
    const hex = encoding === undefined ? digest.hex === true : encoding === 'HEX';
    const raw = Buffer.from(stored.value, hex ? 'hex' : 'base64');
    const size = createHash(digest.algorithm).digest().length;
    if (raw.length < size || (!digest.salted && raw.length !== size)) return false;
    const salt = raw.subarray(size);
    const computed = createHash(digest.algorithm).update(Buffer.from(password, 'utf8')).update(salt).digest();
    return same(computed, raw.subarray(0, size));
  }
  if (cryptSchemes.has(base)) {
    const computed = crypt(password, stored.value);
    return computed !== undefined && same(Buffer.from(computed, 'utf8'), Buffer.from(stored.value, 'utf8'));
  }
  return false;
}
