// How a synced database maps onto the account's collections: one collection (the usual case),
// the events and tasks collections together (a phone's combined calendar), or every collection
// of a kind as folders (a SyncML 1.2 client that syncs a hierarchy).
import type { Account, StoreKind } from '../ports/backend.ts';
import type { DataStore } from '../ports/data-store.ts';
import type { DevInf } from '../protocol/devinf-model.ts';
import type { SyncMLVersion } from '../protocol/model.ts';
import { propertyValues } from '../protocol/devinf.ts';
import { calendarItemKind } from '../convert/calendar-component.ts';
import { eventsAndTasks, formatFor, type ContentFormat } from '../convert/formats.ts';
import { folderType } from '../convert/folder-object.ts';
import { dataStoreOf } from './device-info.ts';
import { MultiStore } from './multi-store.ts';
import { resolveStore } from './store-names.ts';

/** `combined`: events and tasks in one store; `folders`: each collection of the kind is a folder. */
export type StoreView = 'combined' | 'folders';

export interface ViewedStore {
  kind: StoreKind;
  collection?: string;
  view?: StoreView;
}

export interface ViewQuestion {
  kind: StoreKind;
  /** The store URI named a collection (`contacts/work`): always that collection alone. */
  namedCollection: boolean;
  version: SyncMLVersion;
  devinf: DevInf | undefined;
  clientURI: string;
  /** The device sent tasks into this events store before. */
  combinedBefore: boolean;
}

/**
 * Folders for a SyncML 1.2 client whose DevInf lists the folder object type for this database
 * (Rx, Tx or CTCap). A combined calendar for an events database when the device's vCalendar or
 * iCalendar CTCap takes VTODO and the device has no database of its own for tasks (a P900 or a
 * Nokia has one agenda; SyncEvolution's calendar announces VTODO too but has a tasks database),
 * or when the device sent a task into it before.
 */
export function viewFor(q: ViewQuestion): StoreView | undefined {
  if (q.namedCollection || q.kind === 'mail') return undefined;
  const store = dataStoreOf(q.devinf, q.clientURI);
  if (q.version === '1.2' && store !== undefined) {
    const types = [store.rxPref, store.txPref, ...store.rx, ...store.tx].map((t) => t?.ctType.toLowerCase());
    const caps = store.ctCaps.flatMap((c) => c.ctTypes.map((t) => t.toLowerCase()));
    if (types.includes(folderType) || caps.includes(folderType)) return 'folders';
  }
  if (q.kind !== 'events') return undefined;
  if (q.combinedBefore) return 'combined';
  if (q.devinf === undefined) return undefined;
  const caps = [...(store?.ctCaps ?? []), ...q.devinf.ctCaps];
  const takesTasks = ['text/x-vcalendar', 'text/calendar'].some((type) => propertyValues(caps, type, 'BEGIN').has('VTODO'));
  const bare = (uri: string) => uri.replace(/^\.\//, '').toLowerCase();
  const tasksElsewhere = q.devinf.dataStores.some(
    (ds) => bare(ds.sourceRef) !== bare(q.clientURI) && [ds.sourceRef, ds.displayName].some((name) => name !== undefined && resolveStore(name)?.kind === 'tasks'),
  );
  return takesTasks && !tasksElsewhere ? 'combined' : undefined;
}

/** The state key part of a store: a hierarchy has ids of its own; a combined calendar keeps the events store's. */
export function storeId(kind: StoreKind, collection: string | undefined, view: StoreView | undefined): string {
  if (view === 'folders') return `${kind}+folders`;
  return collection === undefined ? kind : `${kind}/${collection.toLowerCase()}`;
}

/** The format items of the store's own type are converted with. */
export function storeFormat(ss: ViewedStore): ContentFormat | undefined {
  return ss.view === 'combined' ? eventsAndTasks : formatFor(ss.kind);
}

/** Opens the backend store (or stores) of a synced database. */
export async function openStore(account: Account, ss: ViewedStore): Promise<DataStore | undefined> {
  if (ss.view === 'combined') {
    const events = await account.open('events', ss.collection);
    const tasks = await account.open('tasks');
    if (events === undefined || tasks === undefined) return events;
    return new MultiStore({
      parts: [
        { key: 'events', store: events },
        { key: 'tasks', store: tasks },
      ],
      plainKey: 'events',
      choose: (data) => (calendarItemKind(data) === 'VTODO' ? 'tasks' : 'events'),
    });
  }
  if (ss.view === 'folders') {
    const collections = ((await account.collections?.()) ?? []).filter((c) => c.kind === ss.kind);
    if (collections.length === 0) return undefined;
    const parts = [];
    for (const c of collections) {
      const store = await account.open(ss.kind, c.name);
      if (store !== undefined) parts.push({ key: c.name, store, folderName: c.displayName ?? c.name });
    }
    const fallback = (collections.find((c) => c.default === true) ?? collections[0])!.name;
    const keys = new Set(parts.map((p) => p.key));
    return new MultiStore({
      parts,
      folders: true,
      // An item goes into the folder the client names, else stays where it is, else into the
      // collection the kind opens by default.
      choose: (_data, placement, current) => (placement?.parent !== undefined && keys.has(placement.parent) ? placement.parent : (current ?? fallback)),
    });
  }
  return account.open(ss.kind, ss.collection);
}
