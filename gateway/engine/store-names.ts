// Resolves the database URI a client puts in its Alert (`Contacts`, `./contacts`, `card`...)
// to a kind of store and, where the client named one, a collection.
import type { StoreKind } from '../ports/backend.ts';

export interface StoreAddress {
  kind: StoreKind;
  /** A collection name when the URI names one beyond the kind (`contacts/work`). */
  collection?: string;
  /** URL parameters given on the store URI (`Contacts?sync=2`), names lower-cased. */
  params: Record<string, string>;
}

// Spellings seen from real clients (Nokia, Sony Ericsson, Funambol, Synthesis, SyncEvolution).
const aliases: Record<string, StoreKind> = {
  contacts: 'contacts',
  contact: 'contacts',
  card: 'contacts',
  cards: 'contacts',
  addressbook: 'contacts',
  'address book': 'contacts',
  'address_book': 'contacts',
  pab: 'contacts',
  scard: 'contacts',
  vcard: 'contacts',
  events: 'events',
  event: 'events',
  calendar: 'events',
  cal: 'events',
  scal: 'events',
  tasks: 'tasks',
  task: 'tasks',
  todo: 'tasks',
  todos: 'tasks',
  stask: 'tasks',
  notes: 'notes',
  note: 'notes',
  memo: 'notes',
  memos: 'notes',
  snote: 'notes',
  journal: 'journal',
  mail: 'mail',
  email: 'mail',
  inbox: 'mail',
};

/** Returns undefined for a URI that names no store we know. */
export function resolveStore(uri: string): StoreAddress | undefined {
  let path = uri.trim();
  let query = '';
  const q = path.search(/[?#]/);
  if (q >= 0) {
    query = path.slice(q + 1);
    path = path.slice(0, q);
  }
  // An absolute URL could name anything (another user's collection on the DAV server): refused.
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return undefined;
  // Some clients send a leading './' or '/'.
  path = path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  const segments = path.split('/').filter((s) => s.length > 0);
  const first = segments[0];
  if (first === undefined) return undefined;
  const kind = aliases[decodeSafe(first).toLowerCase()];
  if (kind === undefined) return undefined;
  const rest = segments.slice(1).map(decodeSafe).join('/');
  const address: StoreAddress = { kind, params: parseParams(query) };
  if (rest.length > 0) address.collection = rest;
  return address;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parseParams(query: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const part of query.split(/[&#,]/)) {
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name.length > 0) params[name] = eq < 0 ? '' : part.slice(eq + 1).trim();
  }
  return params;
}
