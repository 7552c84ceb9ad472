// Authentication policies (SPEC item 3): which credential types a client may use, and which
// type the gateway asks for in a challenge.
import type { Chal } from '../../protocol/model.ts';

export type AuthType = 'basic' | 'md5';
export type AuthPolicy = 'basic' | 'md5' | 'basic-or-md5';

export const authPolicies: readonly AuthPolicy[] = ['basic', 'md5', 'basic-or-md5'];

/** Meta Type of each credential type (OMA DS Representation Protocol, MetInf Type). */
export const authTypeNames: Record<AuthType, string> = { basic: 'syncml:auth-basic', md5: 'syncml:auth-md5' };

export function accepts(policy: AuthPolicy, type: AuthType): boolean {
  return policy === 'basic-or-md5' || policy === type;
}

/** Whether the policy needs passwords in clear (a PasswordLookup). */
export function needsPasswords(policy: AuthPolicy): boolean {
  return policy !== 'basic';
}

/**
 * The type a challenge asks for: the policy's only type, or MD5 when both are allowed (it carries
 * a nonce and never sends the password; a client that can only do basic may still send basic).
 */
export function challengeType(policy: AuthPolicy): AuthType {
  return policy === 'basic' ? 'basic' : 'md5';
}

/** The Chal of a SyncHdr Status; MD5 carries the nonce for the next credentials (b64). */
export function challenge(type: AuthType, nextNonce?: string): Chal {
  const meta: Chal['meta'] = { type: authTypeNames[type], format: 'b64' };
  if (type === 'md5' && nextNonce !== undefined) meta.nextNonce = nextNonce;
  return { meta };
}
