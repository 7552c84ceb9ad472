// How the gateway logs in to each backend for a user (the BackendLogins port): with the
// user's own credentials, as a master user (`user*master`, Dovecot's auth_master_user_separator),
// as a per-domain service account, or with a per-user password from a file.
import type { UserCredentials } from '../../gateway/ports/backend.ts';
import type { BackendLogins, BackendName } from '../../gateway/ports/credentials.ts';
import { parsePasswordFile } from '../password-file/password-file.ts';
import { isPlain } from '../password-file/schemes.ts';
import { WatchedFile, type WatchedFileOptions } from '../password-file/watched-file.ts';

export type LoginSetting =
  | { mode: 'same' }
  /** Logs in as `<user><separator><masterUser>` with the master password. */
  | { mode: 'master'; masterUser: string; masterPassword: string; separator: string }
  /** A file of `domain:login:password` lines: one service account per mail domain. */
  | { mode: 'service'; file: string }
  /** A file of `user:password` lines (passwords in clear): the user's password on this backend. */
  | { mode: 'file'; file: string };

type Login = (user: UserCredentials) => UserCredentials | undefined;

/** Parses `domain:login:password` lines (`#` comments); throws on a malformed line (a start-up error). */
export function parseServiceAccounts(text: string): Map<string, UserCredentials> {
  const accounts = new Map<string, UserCredentials>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim().length === 0 || line.trimStart().startsWith('#')) return;
    const [domain = '', user = '', ...password] = line.split(':');
    if (domain.trim() === '' || user.trim() === '' || password.length === 0) throw new Error(`line ${index + 1} is not domain:login:password`);
    accounts.set(domain.trim().toLowerCase(), { user: user.trim(), password: password.join(':') });
  });
  return accounts;
}

const domainOf = (user: string): string => user.slice(user.lastIndexOf('@') + 1).trim().toLowerCase();

function loginFor(setting: LoginSetting, options: WatchedFileOptions): Login {
  switch (setting.mode) {
    case 'same':
      return (user) => user;
    case 'master':
      return (user) => ({ user: `${user.user}${setting.separator}${setting.masterUser}`, password: setting.masterPassword });
    case 'service': {
      const file = new WatchedFile(setting.file, parseServiceAccounts, options);
      return (user) => file.value.get(domainOf(user.user));
    }
    case 'file': {
      const file = new WatchedFile(setting.file, (text) => parsePasswordFile(text).entries, options);
      return (user) => {
        const stored = file.value.get(user.user.trim().toLowerCase());
        return stored !== undefined && isPlain(stored) ? { user: user.user, password: stored.value } : undefined;
      };
    }
  }
}

export class ConfiguredLogins implements BackendLogins {
  readonly #logins = new Map<BackendName, Login>();
  readonly #modes = new Map<BackendName, string>();

  /** Reads the files the settings name now; throws when one cannot be read. Unnamed backends use `same`. */
  constructor(settings: Partial<Record<BackendName, LoginSetting>>, options: WatchedFileOptions = {}) {
    for (const [backend, setting] of Object.entries(settings) as Array<[BackendName, LoginSetting]>) {
      this.#logins.set(backend, loginFor(setting, options));
      this.#modes.set(backend, setting.mode);
    }
  }

  login(backend: BackendName, user: UserCredentials): UserCredentials | undefined {
    const login = this.#logins.get(backend);
    return login === undefined ? user : login(user);
  }

  mode(backend: BackendName): string {
    return this.#modes.get(backend) ?? 'same';
  }
}
