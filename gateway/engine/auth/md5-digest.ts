// The syncml:auth-md5 digest. SyncML 1.1 and 1.2 (OMA DS RepPro 1.2, section 5.1.3):
// B64(MD5(B64(MD5(user:password)) + ":" + nonce)); SyncML 1.0: B64(MD5(user:password:nonce)).
// The nonce is the raw bytes of the NextNonce we sent (which travels base64-encoded).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SyncMLVersion } from '../../protocol/model.ts';

const md5 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export function md5Digest(version: SyncMLVersion, user: string, password: string, nonce: Buffer): Buffer {
  if (version === '1.0') return md5(Buffer.from(`${user}:${password}:`, 'utf8'), nonce);
  const secret = md5(Buffer.from(`${user}:${password}`, 'utf8')).toString('base64');
  return md5(Buffer.from(`${secret}:`, 'utf8'), nonce);
}

/** Compares a client's digest with the expected one in constant time. */
export function digestMatches(expected: Buffer, given: Buffer): boolean {
  return expected.length === given.length && timingSafeEqual(expected, given);
}
