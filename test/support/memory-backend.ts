// In-memory implementations of the engine's ports, for engine unit tests.
import type { Account, AccountProvider, Authenticator, AuthResult, StoreCollection, StoreKind, UserCredentials } from '../../gateway/ports/backend.ts';
import { StoreError, type ChangeSet, type DataStore, type ItemVersion, type StoredItem } from '../../gateway/ports/data-store.ts';
import type { StateStore } from '../../gateway/ports/state-store.ts';
import type { AccountCheck, PasswordEntry, PasswordLookup } from '../../gateway/ports/credentials.ts';

/** A collection with a change log, so `changes(token)` is incremental like WebDAV sync-collection. */
export class MemoryDataStore implements DataStore {
  readonly contentType = 'text/vcard';
  readonly items = new Map<string, StoredItem>();
  private log: Array<{ id: string; deleted: boolean }> = [];
  private counter = 0;
  /** Calls by method, so tests can check what the engine read. */
  readonly calls = { changes: 0, read: 0, readItems: 0, create: 0, update: 0, remove: 0 };
  /**
   * Runs before each update and remove, ahead of the ifMatch check: a test changes the item
   * "behind the engine's back" there, between the engine's change listing and its write.
   */
  beforeWrite: ((op: 'update' | 'remove', id: string, ifMatch: string | undefined) => void) | undefined;

  constructor(readonly name = 'contacts') {}

  async changes(token: string | undefined): Promise<ChangeSet> {
    this.calls.changes++;
    const now = String(this.log.length);
    if (token === undefined || Number(token) > this.log.length || !/^\d+$/.test(token)) {
      return { token: now, changed: [...this.items.values()].map(({ id, etag }) => ({ id, etag })), deleted: [], complete: true };
    }
    const touched = new Map<string, boolean>();
    for (const entry of this.log.slice(Number(token))) touched.set(entry.id, entry.deleted);
    const changed: ItemVersion[] = [];
    const deleted: string[] = [];
    for (const [id, wasDeleted] of touched) {
      const item = this.items.get(id);
      if (wasDeleted || item === undefined) deleted.push(id);
      else changed.push({ id, etag: item.etag });
    }
    return { token: now, changed, deleted, complete: false };
  }

  async read(ids: readonly string[]): Promise<StoredItem[]> {
    this.calls.read++;
    this.calls.readItems += ids.length;
    return ids.flatMap((id) => {
      const item = this.items.get(id);
      return item === undefined ? [] : [{ ...item }];
    });
  }

  async create(data: string): Promise<ItemVersion> {
    this.calls.create++;
    return this.put(`item-${++this.counter}.vcf`, data);
  }

  async update(id: string, data: string, ifMatch?: string): Promise<ItemVersion> {
    this.calls.update++;
    this.beforeWrite?.('update', id, ifMatch);
    const item = this.items.get(id);
    if (item === undefined) throw new StoreError('not-found', `${id} not found`);
    if (ifMatch !== undefined && ifMatch !== item.etag) throw new StoreError('conflict', `${id} changed`);
    return this.put(id, data);
  }

  async remove(id: string, ifMatch?: string): Promise<void> {
    this.calls.remove++;
    this.beforeWrite?.('remove', id, ifMatch);
    const item = this.items.get(id);
    if (item !== undefined && ifMatch !== undefined && ifMatch !== item.etag) throw new StoreError('conflict', `${id} changed`);
    if (this.items.delete(id)) this.log.push({ id, deleted: true });
  }

  /** A change made "by someone else" directly on the backend. */
  put(id: string, data: string): ItemVersion {
    const etag = `"${++this.counter}"`;
    this.items.set(id, { id, etag, data });
    this.log.push({ id, deleted: false });
    return { id, etag };
  }
}

export class MemoryAccounts implements AccountProvider {
  readonly stores = new Map<string, MemoryDataStore>();

  storeOf(user: string, kind: StoreKind = 'contacts'): MemoryDataStore {
    const key = `${user}/${kind}`;
    let store = this.stores.get(key);
    if (store === undefined) {
      store = new MemoryDataStore(kind);
      this.stores.set(key, store);
    }
    return store;
  }

  /** Extra named collections per user (besides one default store per kind). */
  readonly named = new Map<string, StoreCollection[]>();

  /** The store of a named collection. */
  namedStore(user: string, name: string): MemoryDataStore {
    return this.storeOf(user, `named:${name}` as StoreKind);
  }

  account(credentials: UserCredentials): Account {
    const user = credentials.user;
    return {
      open: async (kind, name) => {
        if (name === undefined || name === 'contacts') return this.storeOf(user, kind);
        const found = this.named.get(user)?.find((c) => c.name.toLowerCase() === name.toLowerCase());
        return found === undefined ? undefined : this.namedStore(user, found.name);
      },
      collections: async () => this.named.get(user) ?? [],
    };
  }
}

export class FixedAuthenticator implements Authenticator {
  calls = 0;
  /** How long each check takes (an IMAP login is not instant): lets checks overlap in tests. */
  delayMs = 0;
  constructor(private readonly passwords: Record<string, string>) {}
  async verify(credentials: UserCredentials): Promise<AuthResult> {
    this.calls++;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return this.passwords[credentials.user] === credentials.password ? 'ok' : 'invalid';
  }
}

export class MemoryStateStore implements StateStore {
  readonly data = new Map<string, string>();
  async get<T>(key: string): Promise<T | undefined> {
    const value = this.data.get(key);
    return value === undefined ? undefined : (JSON.parse(value) as T);
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.data.set(key, JSON.stringify(value));
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
  /** Counters without expiry: callers that need windows put the window in the key. */
  readonly counters = new Map<string, number>();
  async increment(key: string, _ttlMs: number, by = 1): Promise<number> {
    const count = (this.counters.get(key) ?? 0) + by;
    this.counters.set(key, count);
    return count;
  }
  async count(key: string): Promise<number> {
    return this.counters.get(key) ?? 0;
  }
  async clearCount(key: string): Promise<void> {
    this.counters.delete(key);
  }
  async close(): Promise<void> {}
}

/** Passwords in clear (MD5 can be checked) and users known only by a hash (basic only). */
export class MemoryPasswords implements PasswordLookup {
  calls = 0;
  constructor(
    private readonly passwords: Record<string, string>,
    private readonly hashedOnly: readonly string[] = [],
  ) {}
  async lookup(user: string): Promise<PasswordEntry> {
    this.calls++;
    if (this.hashedOnly.includes(user)) return { kind: 'hashed' };
    const password = this.passwords[user];
    return password === undefined ? { kind: 'unknown' } : { kind: 'plain', password };
  }
}

/** An account check (a master login) that knows which accounts exist on the mail server. */
export class MemoryAccountCheck implements AccountCheck {
  readonly checked: string[] = [];
  constructor(private readonly existing: readonly string[]) {}
  async check(credentials: UserCredentials): Promise<AuthResult> {
    this.checked.push(credentials.user);
    return this.existing.includes(credentials.user) ? 'ok' : 'invalid';
  }
}
