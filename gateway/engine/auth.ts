// syncml:auth-basic on the SyncHdr: reads the client's credentials and checks them.
// (MD5 and authentication policies are the security issue's.)
import type { Chal, Cred } from '../protocol/model.ts';
import type { UserCredentials } from '../ports/backend.ts';

export const basicChallenge: Chal = { meta: { type: 'syncml:auth-basic', format: 'b64' } };

export type CredentialReading =
  | { kind: 'basic'; credentials: UserCredentials }
  | { kind: 'unsupported'; type: string }
  | { kind: 'malformed' };

export function readCredentials(cred: Cred): CredentialReading {
  const type = cred.meta?.type ?? 'syncml:auth-basic';
  if (type !== 'syncml:auth-basic') return { kind: 'unsupported', type };
  const format = cred.meta?.format ?? 'b64';
  const plain = format === 'b64' ? Buffer.from(cred.data.trim(), 'base64').toString('utf8') : cred.data;
  const colon = plain.indexOf(':');
  if (colon <= 0) return { kind: 'malformed' };
  return { kind: 'basic', credentials: { user: plain.slice(0, colon), password: plain.slice(colon + 1) } };
}
