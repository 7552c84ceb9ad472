// Which DAV collection serves a store kind, and which kinds each collection serves. Names are
// matched in any case against the last path segment first, then the display name.
import type { StoreCollection, StoreKind } from '../../gateway/ports/backend.ts';
import type { CollectionType, DavCollection } from './discovery.ts';

interface CollectionRule {
  type: CollectionType;
  /** Calendar component the collection must take. */
  component?: string;
  /** Names preferred when the client names none, in order. */
  defaultNames: string[];
  /**
   * Without a collection of a default name: the first that fits, none at all (a notes store
   * must not land in a journal or an events calendar), or the first other than the notes one.
   */
  fallback: 'first' | 'none' | 'not-notes';
}

const rules: Partial<Record<StoreKind, CollectionRule>> = {
  contacts: { type: 'addressbook', defaultNames: ['contacts', 'addressbook'], fallback: 'first' },
  events: { type: 'calendar', component: 'VEVENT', defaultNames: ['calendar', 'events'], fallback: 'first' },
  tasks: { type: 'calendar', component: 'VTODO', defaultNames: ['tasks', 'todo', 'todos'], fallback: 'first' },
  notes: { type: 'calendar', component: 'VJOURNAL', defaultNames: ['notes'], fallback: 'none' },
  journal: { type: 'calendar', component: 'VJOURNAL', defaultNames: ['journal'], fallback: 'not-notes' },
};

const componentKinds: Record<string, StoreKind> = { VEVENT: 'events', VTODO: 'tasks', VJOURNAL: 'journal' };

function declares(collection: DavCollection, component: string | undefined): boolean {
  return component === undefined || collection.components.includes(component);
}

/** A collection that declares no component set takes every component (RFC 4791 §5.2.3). */
function fits(collection: DavCollection, rule: CollectionRule): boolean {
  return collection.type === rule.type && (collection.components.length === 0 || declares(collection, rule.component));
}

function byName(collections: readonly DavCollection[], name: string): DavCollection | undefined {
  const wanted = name.toLowerCase();
  return (
    collections.find((c) => c.name.toLowerCase() === wanted) ??
    collections.find((c) => c.displayName?.toLowerCase() === wanted)
  );
}

/**
 * The collection for `kind`: the one called `name`, or without a name the one with the kind's
 * first default name (contacts/addressbook, calendar/events, tasks/todo/todos, notes, journal),
 * else the first by URL that declares the component (then one that declares none); notes has no
 * such fallback and journal skips the notes collection.
 */
export function selectCollection(collections: readonly DavCollection[], kind: StoreKind, name?: string): DavCollection | undefined {
  const rule = rules[kind];
  if (!rule) return undefined;
  const candidates = collections.filter((c) => fits(c, rule));
  if (name !== undefined) return byName(candidates, name);
  for (const defaultName of rule.defaultNames) {
    const match = byName(candidates, defaultName);
    if (match) return match;
  }
  if (rule.fallback === 'none') return undefined;
  const notes = rule.fallback === 'not-notes' ? selectCollection(collections, 'notes') : undefined;
  const rest = candidates.filter((c) => c !== notes);
  return rest.find((c) => declares(c, rule.component) && c.components.length > 0) ?? rest[0];
}

/**
 * Every kind each collection serves: an address book is contacts; a calendar is events, tasks
 * and/or journal by its component set (all three when it declares none), and its VJOURNAL side
 * is notes when it is the collection `selectCollection` picks for notes. The collection a kind
 * opens without a name is marked `default`.
 */
export function storeCollections(collections: readonly DavCollection[]): StoreCollection[] {
  const notes = selectCollection(collections, 'notes');
  const defaults = new Map<StoreKind, DavCollection | undefined>();
  const isDefault = (kind: StoreKind, collection: DavCollection): boolean => {
    if (!defaults.has(kind)) defaults.set(kind, selectCollection(collections, kind));
    return defaults.get(kind) === collection;
  };
  return collections.flatMap((collection) => {
    const entry = (kind: StoreKind): StoreCollection => ({
      kind,
      name: collection.name,
      ...(collection.displayName === undefined ? {} : { displayName: collection.displayName }),
      ...(isDefault(kind, collection) ? { default: true } : {}),
    });
    if (collection.type === 'addressbook') return [entry('contacts')];
    const components = collection.components.length > 0 ? collection.components : Object.keys(componentKinds);
    return components.flatMap((component) => {
      const kind = componentKinds[component];
      if (kind === undefined) return [];
      return [entry(kind === 'journal' && collection === notes ? 'notes' : kind)];
    });
  });
}
