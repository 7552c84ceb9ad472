// How the engine reaches a user's data: credential check and the stores of one account.
import type { DataStore } from './data-store.ts';

export interface UserCredentials {
  /** Full e-mail address, passed to the backends as it is. */
  user: string;
  password: string;
}

export type AuthResult = 'ok' | 'invalid' | 'unavailable';

/** Checks a user's credentials (by logging in to the user's IMAP server, for instance). */
export interface Authenticator {
  /** `clientAddress` is the device's IP address, for the backend's own rate limits. */
  verify(credentials: UserCredentials, clientAddress?: string): Promise<AuthResult>;
}

/** The kinds of data the gateway syncs; a store name from the client resolves to one of these. */
/** The kinds of store a client can sync, as the gateway names them. */
export const storeKinds = ['contacts', 'events', 'tasks', 'notes', 'journal', 'mail'] as const;
export type StoreKind = (typeof storeKinds)[number];

/** One collection of an account, as a store of one kind. */
export interface StoreCollection {
  kind: StoreKind;
  /** What `open(kind, name)` takes to reach it (a DAV collection's last path segment). */
  name: string;
  displayName?: string;
  /** The collection `open(kind)` reaches without a name. */
  default?: boolean;
}

/** One account's collections on its backends. */
export interface Account {
  /** Opens the store of `kind`, or the collection named `name` when several exist. */
  open(kind: StoreKind, name?: string): Promise<DataStore | undefined>;
  /**
   * The account's collections, one entry per kind a collection serves (a calendar taking events
   * and tasks is listed under both), for folder listings and for telling whether a name such as
   * "Calendar" is a collection or an alias. Optional: backends with fixed stores leave it out.
   */
  collections?(): Promise<StoreCollection[]>;
}

export interface AccountProvider {
  account(credentials: UserCredentials): Account;
}
