// A credential source over a passwd-style file: `user:password` (htpasswd, Radicale) or
// Dovecot passwd-file lines `user:{SCHEME}value:uid:gid:...`. Entries in clear serve basic
// and MD5; hashed entries serve basic only (MD5 must recompute a digest from the password).
// The file is read again when it changes; while it cannot be read, the last good content serves.
import type { AuthResult, Authenticator, UserCredentials } from '../../gateway/ports/backend.ts';
import type { PasswordEntry, PasswordLookup } from '../../gateway/ports/credentials.ts';
import { check, isPlain, isSupported, type StoredPassword } from './schemes.ts';
import { WatchedFile, type WatchedFileOptions } from './watched-file.ts';

export interface PasswordFileSummary {
  users: number;
  /** Entries in clear (usable for MD5). */
  plain: number;
  /** Entries whose scheme cannot be checked here (bcrypt, DES crypt...): those users cannot log in. */
  unsupported: number;
  /** Lines that are not `user:password`, by line number. */
  badLines: number[];
}

/**
 * One entry per line; `#` starts a comment line. A value with a `{SCHEME}` prefix ends at the
 * next `:` (Dovecot's layout); one without a prefix is the rest of the line, in clear, unless it
 * is a crypt(3) hash (`$1$`, `$apr1$`, `$5$`, `$6$`, `$2y$`...). A password in clear that starts
 * with `{` or `$` must be written `{PLAIN}...`.
 */
export function parsePasswordFile(text: string): { entries: Map<string, StoredPassword>; summary: PasswordFileSummary } {
  const entries = new Map<string, StoredPassword>();
  const summary: PasswordFileSummary = { users: 0, plain: 0, unsupported: 0, badLines: [] };
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim().length === 0 || line.trimStart().startsWith('#')) return;
    const colon = line.indexOf(':');
    const user = line.slice(0, colon).trim().toLowerCase();
    if (colon <= 0 || user.length === 0) {
      summary.badLines.push(index + 1);
      return;
    }
    const rest = line.slice(colon + 1);
    const scheme = /^\{([A-Za-z0-9.-]+)\}/.exec(rest);
    let stored: StoredPassword;
    if (scheme !== null) {
      const value = rest.slice(scheme[0].length);
      const end = value.indexOf(':');
      stored = { scheme: (scheme[1] ?? '').toUpperCase(), value: end < 0 ? value : value.slice(0, end) };
    } else if (rest.startsWith('$')) {
      const end = rest.indexOf(':');
      stored = { scheme: 'CRYPT', value: end < 0 ? rest : rest.slice(0, end) };
    } else {
      stored = { scheme: 'PLAIN', value: rest };
    }
    entries.set(user, stored);
  });
  for (const stored of entries.values()) {
    summary.users++;
    if (isPlain(stored)) summary.plain++;
    else if (!isSupported(stored)) summary.unsupported++;
  }
  return { entries, summary };
}

export interface PasswordFileOptions extends WatchedFileOptions {
  path: string;
}

/** Checks basic credentials and gives passwords in clear (for MD5) from a file. User names match case-insensitively. */
export class PasswordFile implements Authenticator, PasswordLookup {
  readonly #file: WatchedFile<ReturnType<typeof parsePasswordFile>>;

  /** Reads the file now: throws when it cannot be read (a start-up error). */
  constructor(options: PasswordFileOptions) {
    this.#file = new WatchedFile(options.path, parsePasswordFile, options);
  }

  get summary(): PasswordFileSummary {
    return this.#file.value.summary;
  }

  async verify(credentials: UserCredentials): Promise<AuthResult> {
    const stored = this.entry(credentials.user);
    return stored !== undefined && check(credentials.password, stored) ? 'ok' : 'invalid';
  }

  async lookup(user: string): Promise<PasswordEntry> {
    const stored = this.entry(user);
    if (stored === undefined) return { kind: 'unknown' };
    return isPlain(stored) ? { kind: 'plain', password: stored.value } : { kind: 'hashed' };
  }

  /** The stored password of `user` (a secret: never log it). */
  entry(user: string): StoredPassword | undefined {
    return this.#file.value.entries.get(user.trim().toLowerCase());
  }
}
