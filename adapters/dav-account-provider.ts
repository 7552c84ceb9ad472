// Wires the DAV account to the store kinds it serves (CardDAV address books, CalDAV events, tasks,
// notes and journal) and keeps recently used accounts so their discovery is not repeated.
import { createHmac, randomBytes } from 'node:crypto';
import type { AccountProvider, StoreKind, UserCredentials } from '../gateway/ports/backend.ts';
import { DavAccount, type StoreOpener } from './dav/account.ts';
import { ExpiringCache } from './dav/expiring-cache.ts';
import type { FetchFunction } from './dav/request.ts';
import type { RequestLimiter } from './dav/request-limiter.ts';
import { openAddressBook } from './carddav/address-book-store.ts';
import { openCalendar } from './caldav/calendar-store.ts';

export interface DavServerOptions {
  /** Where discovery starts, e.g. "https://dav.example.com/" (the server root is fine). */
  davUrl: string;
  /** Defaults to the global fetch. */
  fetch?: FetchFunction;
  /** Per HTTP request, time in the limiter's queue not counted. Default 30 s. */
  timeoutMs?: number;
  /** Bounds requests in flight per DAV server; share one among providers. Default: no bound. */
  limiter?: RequestLimiter;
  /** Retries of reads and conditional writes answered 503/429. Default 2. */
  retries?: number;
}

export interface AccountCacheOptions {
  /** How long an account (and its discovery) is reused after it was made. Default 5 min. */
  ttlMs?: number;
  /** Accounts kept at most, least recently used dropped first. Default 1000. */
  maxAccounts?: number;
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
}

export interface DavAccountProviderOptions extends DavServerOptions {
  /** Reuse accounts for the same user name and password; `false` makes a fresh one per call. */
  accountCache?: AccountCacheOptions | false;
}

const openers: Partial<Record<StoreKind, StoreOpener>> = {
  contacts: (client, collection) => openAddressBook(client, collection),
  events: (client, collection) => openCalendar(client, collection, 'VEVENT'),
  tasks: (client, collection) => openCalendar(client, collection, 'VTODO'),
  notes: (client, collection) => openCalendar(client, collection, 'VJOURNAL'),
  journal: (client, collection) => openCalendar(client, collection, 'VJOURNAL'),
};

/** The account of one user; discovery runs on first `open` and is cached by the instance. */
export function createDavAccount(options: DavServerOptions & { credentials: UserCredentials }): DavAccount {
  return new DavAccount({ ...options, openers });
}

/**
 * An AccountProvider for one DAV server. By default an account is reused for 5 minutes by later
 * calls with the same user name and password, so the messages of a SyncML session (and the
 * sessions that follow) skip discovery; a changed collection set shows up after that time.
 */
export function createDavAccountProvider(options: DavAccountProviderOptions): AccountProvider & { account(credentials: UserCredentials): DavAccount } {
  const { accountCache, ...server } = options;
  const make = (credentials: UserCredentials) => createDavAccount({ ...server, credentials });
  if (accountCache === false) return { account: make };
  const cache = new ExpiringCache<string, DavAccount>({
    ttlMs: accountCache?.ttlMs ?? 5 * 60_000,
    maxEntries: accountCache?.maxAccounts ?? 1000,
    now: accountCache?.now,
  });
  // The key holds a keyed hash of the password, never the password: another password (changed
  // or wrong) is another key and never reuses an account, and the keys say nothing outside this
  // process.
  const secret = randomBytes(32);
  const keyOf = ({ user, password }: UserCredentials) =>
    `${user}\u0000${createHmac('sha256', secret).update(password, 'utf8').digest('base64')}`;
  return {
    account(credentials) {
      const key = keyOf(credentials);
      const cached = cache.get(key);
      if (cached) return cached;
      const account = make(credentials);
      cache.set(key, account);
      return account;
    },
  };
}
