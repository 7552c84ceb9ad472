// Checks syncml:auth-md5 credentials: recomputes the digest from the password in clear with the
// device's current nonce. A digest made with the previous or an empty nonce (a new client, a
// replay) is stale, not wrong; either way the nonce is used up and a fresh one is issued.
import type { AuthResult, UserCredentials } from '../../ports/backend.ts';
import type { PasswordLookup } from '../../ports/credentials.ts';
import type { Logger } from '../../ports/logger.ts';
import type { SyncMLVersion } from '../../protocol/model.ts';
import type { CredentialReading } from './credentials.ts';
import { digestMatches, md5Digest } from './md5-digest.ts';
import { sessionNonceTtlMs, type Nonces } from './nonces.ts';

export type Md5Verdict = AuthResult | 'stale';

export interface Md5Result {
  verdict: Md5Verdict;
  /** The user with the password from the lookup, when the digest is right. */
  credentials?: UserCredentials;
  /** The device's next nonce, for the Chal. */
  nonce: string;
}

export async function checkMd5(
  reading: Extract<CredentialReading, { kind: 'md5' }>,
  context: { version: SyncMLVersion; deviceId: string; passwords?: PasswordLookup; nonces: Nonces; challengeTtlMs: number; log: Logger },
): Promise<Md5Result> {
  const { nonces, deviceId, log } = context;
  const known = await nonces.get(deviceId);
  const entry = context.passwords === undefined ? { kind: 'unknown' as const } : await context.passwords.lookup(reading.user);
  let verdict: Md5Verdict;
  let credentials: UserCredentials | undefined;
  if (entry.kind === 'unavailable') verdict = 'unavailable';
  else if (entry.kind !== 'plain') {
    log.info({ entry: entry.kind }, entry.kind === 'hashed' ? 'MD5 needs the password in clear; only a hash is known for this user' : 'no password known for this user');
    verdict = 'invalid';
  } else {
    const digest = (nonce: string): Buffer => md5Digest(context.version, reading.user, entry.password, Buffer.from(nonce, 'base64'));
    if (known !== undefined && digestMatches(digest(known.current), reading.digest)) {
      verdict = 'ok';
      credentials = { user: reading.user, password: entry.password };
    } else {
      verdict = [known?.previous, ''].some((n) => n !== undefined && digestMatches(digest(n), reading.digest)) ? 'stale' : 'invalid';
    }
  }
  // Used up whatever the outcome: a nonce is never checked twice.
  const nonce = await nonces.issue(deviceId, verdict === 'ok' ? sessionNonceTtlMs : context.challengeTtlMs, known);
  return { verdict, nonce, ...(credentials === undefined ? {} : { credentials }) };
}
