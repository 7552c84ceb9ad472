// Reads the Cred of a SyncHdr: syncml:auth-basic (b64 of user:password) or syncml:auth-md5
// (b64 digest; the user name is in the SyncHdr Source LocName, OMA DS RepPro 1.2 section 5.1.3).
import type { Cred, LocRef } from '../../protocol/model.ts';
import type { UserCredentials } from '../../ports/backend.ts';
import { authTypeNames } from './policy.ts';

export type CredentialReading =
  | { kind: 'basic'; credentials: UserCredentials }
  | { kind: 'md5'; user: string; digest: Buffer }
  | { kind: 'unsupported'; type: string }
  | { kind: 'malformed'; type: string };

const md5Length = 16;

export function readCredentials(cred: Cred, source: LocRef): CredentialReading {
  const type = cred.meta?.type?.trim() ?? authTypeNames.basic;
  const format = cred.meta?.format?.trim().toLowerCase() ?? 'b64';
  const data = cred.data.trim();
  if (type === authTypeNames.basic) {
    const plain = format === 'b64' ? Buffer.from(data, 'base64').toString('utf8') : data;
    const colon = plain.indexOf(':');
    if (colon <= 0) return { kind: 'malformed', type };
    return { kind: 'basic', credentials: { user: plain.slice(0, colon), password: plain.slice(colon + 1) } };
  }
  if (type === authTypeNames.md5) {
    const user = source.locName?.trim() ?? '';
    const digest = format === 'b64' ? Buffer.from(data, 'base64') : Buffer.from(data, 'latin1');
    if (user.length === 0 || digest.length !== md5Length) return { kind: 'malformed', type };
    return { kind: 'md5', user, digest };
  }
  return { kind: 'unsupported', type };
}
