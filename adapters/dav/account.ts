// One user's account on a CardDAV/CalDAV server: discovery (cached per instance) and the choice
// of collection for each store kind. Which DataStore to build for a collection is passed in.
import type { Account, StoreKind, UserCredentials } from '../../gateway/ports/backend.ts';
import type { DataStore } from '../../gateway/ports/data-store.ts';
import { DavClient, type FetchFunction } from './request.ts';
import { discoverHomes, listCollections, type CollectionType, type DavCollection, type DavHomes } from './discovery.ts';

/** Builds the DataStore of a kind for a chosen collection (CardDAV address book, CalDAV calendar). */
export type StoreOpener = (client: DavClient, collection: DavCollection) => DataStore;

export interface DavAccountOptions {
  /** Where discovery starts: the server root, a context path, or the principal. */
  davUrl: string;
  credentials: UserCredentials;
  fetch?: FetchFunction;
  timeoutMs?: number;
  /** Store kinds this account serves and how; kinds without an opener open as undefined. */
  openers: Partial<Record<StoreKind, StoreOpener>>;
}

interface CollectionRule {
  type: CollectionType;
  /** Calendar component the collection must take. */
  component?: string;
  /** Names (last path segment or display name) preferred when the client names none. */
  defaultNames: string[];
}

const collectionRules: Partial<Record<StoreKind, CollectionRule>> = {
  contacts: { type: 'addressbook', defaultNames: ['contacts', 'addressbook'] },
  events: { type: 'calendar', component: 'VEVENT', defaultNames: ['calendar', 'events'] },
  tasks: { type: 'calendar', component: 'VTODO', defaultNames: ['tasks', 'todo', 'todos'] },
  notes: { type: 'calendar', component: 'VJOURNAL', defaultNames: ['notes'] },
  journal: { type: 'calendar', component: 'VJOURNAL', defaultNames: ['journal'] },
};

function called(collection: DavCollection, name: string): boolean {
  const wanted = name.toLowerCase();
  return collection.name.toLowerCase() === wanted || collection.displayName?.toLowerCase() === wanted;
}

/**
 * The collection for `kind`: the one called `name` (last path segment or display name, any case),
 * or without a name the one with a default name, else the first by URL.
 */
export function selectCollection(collections: readonly DavCollection[], kind: StoreKind, name?: string): DavCollection | undefined {
  const rule = collectionRules[kind];
  if (!rule) return undefined;
  const candidates = collections.filter(
    (c) => c.type === rule.type && (!rule.component || c.components.length === 0 || c.components.includes(rule.component)),
  );
  if (name !== undefined) return candidates.find((c) => called(c, name));
  for (const defaultName of rule.defaultNames) {
    const match = candidates.find((c) => called(c, defaultName));
    if (match) return match;
  }
  return candidates[0];
}

export class DavAccount implements Account {
  readonly client: DavClient;
  readonly #davUrl: string;
  readonly #openers: Partial<Record<StoreKind, StoreOpener>>;
  #discovery: Promise<{ homes: DavHomes; collections: DavCollection[] }> | undefined;

  constructor(options: DavAccountOptions) {
    this.client = new DavClient({ credentials: options.credentials, fetch: options.fetch, timeoutMs: options.timeoutMs });
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

  async collections(): Promise<DavCollection[]> {
    return (await this.discover()).collections;
  }

  async open(kind: StoreKind, name?: string): Promise<DataStore | undefined> {
    const opener = this.#openers[kind];
    if (!opener) return undefined;
    const collection = selectCollection(await this.collections(), kind, name);
    return collection ? opener(this.client, collection) : undefined;
  }
}
