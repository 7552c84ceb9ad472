// One user's account on a CardDAV/CalDAV server: discovery (cached per instance) and opening a
// store on the collection collection-choice.ts picks. Which DataStore to build is passed in.
import type { Account, StoreCollection, StoreKind, UserCredentials } from '../../gateway/ports/backend.ts';
import type { DataStore } from '../../gateway/ports/data-store.ts';
import { DavClient, type FetchFunction } from './request.ts';
import type { RequestLimiter } from './request-limiter.ts';
import { discoverHomes, listCollections, type DavCollection, type DavHomes } from './discovery.ts';
import { selectCollection, storeCollections } from './collection-choice.ts';

export { selectCollection, storeCollections };

/** Builds the DataStore of a kind for a chosen collection (CardDAV address book, CalDAV calendar). */
export type StoreOpener = (client: DavClient, collection: DavCollection) => DataStore;

export interface DavAccountOptions {
  /** Where discovery starts: the server root, a context path, or the principal. */
  davUrl: string;
  credentials: UserCredentials;
  fetch?: FetchFunction;
  timeoutMs?: number;
  /** Shared bound on requests in flight per server (request-limiter.ts). */
  limiter?: RequestLimiter;
  /** Retries of reads and conditional writes answered 503/429 (request.ts). */
  retries?: number;
  /** Store kinds this account serves and how; kinds without an opener open as undefined. */
  openers: Partial<Record<StoreKind, StoreOpener>>;
}

export class DavAccount implements Account {
  readonly client: DavClient;
  readonly #davUrl: string;
  readonly #openers: Partial<Record<StoreKind, StoreOpener>>;
  #discovery: Promise<{ homes: DavHomes; collections: DavCollection[] }> | undefined;

  constructor(options: DavAccountOptions) {
    this.client = new DavClient({ credentials: options.credentials, fetch: options.fetch, timeoutMs: options.timeoutMs, limiter: options.limiter, retries: options.retries });
    this.#davUrl = options.davUrl;
    this.#openers = options.openers;
  }

  /** Principal, homes and collections; found once per instance (a failed attempt is retried). */
  discover(): Promise<{ homes: DavHomes; collections: DavCollection[] }> {
    this.#discovery ??= (async () => {
      const homes = await discoverHomes(this.client, this.#davUrl);
      return { homes, collections: await listCollections(this.client, homes) };
    })();
    this.#discovery.catch(() => {
      this.#discovery = undefined;
    });
    return this.#discovery;
  }

  /** One entry per collection and kind this account can open (Account.collections). */
  async collections(): Promise<StoreCollection[]> {
    return storeCollections((await this.discover()).collections).filter((c) => this.#openers[c.kind] !== undefined);
  }

  async open(kind: StoreKind, name?: string): Promise<DataStore | undefined> {
    const opener = this.#openers[kind];
    if (!opener) return undefined;
    const collection = selectCollection((await this.discover()).collections, kind, name);
    return collection ? opener(this.client, collection) : undefined;
  }
}
