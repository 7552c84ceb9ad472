// Builds the security side of the engine from the configuration: the credential source
// (IMAP login or password file), the account check, the backend logins, the auth settings,
// and the TLS options. Unreadable files are start-up errors (ConfigError).
import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:https';
import { ConfiguredLogins } from '../adapters/logins/backend-logins.ts';
import { ImapAccountCheck } from '../adapters/imap/imap-account-check.ts';
import { ImapAuthenticator } from '../adapters/imap/imap-authenticator.ts';
import { PasswordFile } from '../adapters/password-file/password-file.ts';
import { ConfigError, type GatewayConfig } from './config.ts';
import { checkAuthSetup, type AuthSettings } from './engine/auth.ts';
import type { Authenticator } from './ports/backend.ts';
import type { AccountCheck, BackendLogins, PasswordLookup } from './ports/credentials.ts';
import type { Logger } from './ports/logger.ts';

export interface SecurityDeps {
  authenticator: Authenticator;
  passwords?: PasswordLookup;
  accountCheck?: AccountCheck;
  logins: BackendLogins;
  auth: AuthSettings;
}

function readable<T>(what: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    throw new ConfigError(`invalid configuration:\n  ${what}: ${(error as Error).message}`);
  }
}

export function securityDeps(config: GatewayConfig, log: Logger): SecurityDeps {
  const s = config.security;
  const imap = new ImapAuthenticator({ url: config.imapUrl, logger: log.child({ component: 'imap-login' }) });
  const logins = readable('SYNCML_*_LOGIN_FILE', () => new ConfiguredLogins(s.logins));
  const auth: AuthSettings = { policy: s.authPolicy, access: { enabled: s.enabled, allow: s.allow, deny: s.deny }, limits: s.limits, sessions: s.anonymousSessions, itemEncryption: s.itemEncryption };
  const deps: SecurityDeps = { authenticator: imap, logins, auth };
  if (s.authSource === 'file' && s.passwordFile !== undefined) {
    const path = s.passwordFile;
    const file = readable('SYNCML_PASSWORD_FILE', () => new PasswordFile({ path }));
    const { users, plain, unsupported, badLines } = file.summary;
    if (s.authPolicy === 'md5' && plain === 0) {
      throw new ConfigError('invalid configuration:\n  SYNCML_PASSWORD_FILE: no password in clear, so syncml:auth-md5 can check nobody (MD5 needs the password, not a hash)');
    }
    if (unsupported > 0 || badLines.length > 0) log.warn({ unsupported, badLines }, 'password file: some entries cannot be used');
    log.info({ users, plain }, 'password file read');
    deps.authenticator = file;
    deps.passwords = file;
  }
  if (s.authConfirm === 'imap') deps.accountCheck = new ImapAccountCheck(imap, logins);
  checkAuthSetup(deps, auth);
  log.info(
    { policy: s.authPolicy, source: s.authSource, confirm: s.authConfirm, logins: { imap: logins.mode('imap'), dav: logins.mode('dav'), smtp: logins.mode('smtp') }, enabled: s.enabled },
    'authentication',
  );
  return deps;
}

/** Certificate and key for HTTPS, when configured. */
export function tlsOptions(config: GatewayConfig): ServerOptions | undefined {
  const tls = config.security.tls;
  if (tls === undefined) return undefined;
  return {
    cert: readable('SYNCML_TLS_CERT', () => readFileSync(tls.certFile)),
    key: readable('SYNCML_TLS_KEY', () => readFileSync(tls.keyFile)),
  };
}

/** Log fields pino blanks out, should a secret ever reach a log call. */
export const redactedLogFields = [
  'password', '*.password', 'pass', '*.pass', 'credentials', '*.credentials', 'cred', '*.cred',
  'authorization', '*.authorization', 'headers.authorization', 'masterPassword', '*.masterPassword',
];
