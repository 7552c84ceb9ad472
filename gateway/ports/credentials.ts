// Where passwords come from and how the gateway logs in to each backend on a user's behalf.
import type { AuthResult, UserCredentials } from './backend.ts';

/** What a credential source knows about one user's password. */
export type PasswordEntry =
  /** The password in clear: basic and MD5 can both be checked. */
  | { kind: 'plain'; password: string }
  /** Only a hash: basic can be checked (by the source's Authenticator), MD5 cannot. */
  | { kind: 'hashed' }
  | { kind: 'unknown' }
  | { kind: 'unavailable' };

/**
 * Reads a user's password in clear, which syncml:auth-md5 needs: the digest the client sends
 * can only be recomputed from the password (OMA DS 1.2 Security, section 5.1).
 */
export interface PasswordLookup {
  lookup(user: string): Promise<PasswordEntry>;
}

/**
 * Confirms that an account exists on the mail system and may log in, after a password file
 * accepted its password: a login with the gateway's IMAP login for the user (a Dovecot
 * master-user login needs no user password; the same-password login checks that file and
 * mail server agree).
 */
export interface AccountCheck {
  check(credentials: UserCredentials, clientAddress?: string): Promise<AuthResult>;
}

export type BackendName = 'imap' | 'dav' | 'smtp';

/**
 * The login the gateway uses on a backend for an authenticated user: the user's own
 * credentials, a master login, a per-domain service account or a per-user password from a
 * file. Undefined when there is none for this user. Logins are secrets: never log them.
 */
export interface BackendLogins {
  login(backend: BackendName, user: UserCredentials): UserCredentials | undefined;
  /** How the login is made, for logs ("same", "master", ...). */
  mode(backend: BackendName): string;
}

/** Every backend logs in with the user's own credentials. */
export const sameLogins: BackendLogins = {
  login: (_backend, user) => user,
  mode: () => 'same',
};
