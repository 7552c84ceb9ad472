// Wires the DAV account to the store kinds it serves: CardDAV address books now; CalDAV adds
// events/tasks/notes/journal openers here (adapters/caldav, with a calendar ResourceFormat).
import type { AccountProvider, StoreKind, UserCredentials } from '../gateway/ports/backend.ts';
import { DavAccount, type StoreOpener } from './dav/account.ts';
import type { FetchFunction } from './dav/request.ts';
import { openAddressBook } from './carddav/address-book-store.ts';

export interface DavServerOptions {
  /** Where discovery starts, e.g. "https://dav.example.com/" (the server root is fine). */
  davUrl: string;
  /** Defaults to the global fetch. */
  fetch?: FetchFunction;
  /** Per HTTP request. Default 30 s. */
  timeoutMs?: number;
}

const openers: Partial<Record<StoreKind, StoreOpener>> = {
  contacts: (client, collection) => openAddressBook(client, collection),
};

/** The account of one user; discovery runs on first `open` and is cached by the instance. */
export function createDavAccount(options: DavServerOptions & { credentials: UserCredentials }): DavAccount {
  return new DavAccount({ ...options, openers });
}

/** An AccountProvider for one DAV server; each `account()` call makes a fresh (undiscovered) account. */
export function createDavAccountProvider(options: DavServerOptions): AccountProvider {
  return { account: (credentials) => createDavAccount({ ...options, credentials }) };
}
