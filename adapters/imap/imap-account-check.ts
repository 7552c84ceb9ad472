// Confirms an account on the IMAP server after a password file accepted its password: a login
// with the gateway's IMAP login for the user (with a Dovecot master user: `user*master`, so the
// user's own password is not needed) and out again.
import type { AuthResult, UserCredentials } from '../../gateway/ports/backend.ts';
import type { AccountCheck, BackendLogins } from '../../gateway/ports/credentials.ts';
import type { ImapAuthenticator } from './imap-authenticator.ts';

export class ImapAccountCheck implements AccountCheck {
  constructor(
    private readonly imap: ImapAuthenticator,
    private readonly logins: BackendLogins,
  ) {}

  async check(credentials: UserCredentials, clientAddress?: string): Promise<AuthResult> {
    const login = this.logins.login('imap', credentials);
    if (login === undefined) return 'invalid';
    return this.imap.verify(login, clientAddress);
  }
}
