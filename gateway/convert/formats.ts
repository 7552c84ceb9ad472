// The content formats of each kind of store: what the backend keeps, what clients may
// send or want, and the conversions between them.
import type { StoreKind } from '../ports/backend.ts';
import { calendarDisplayName, calendarMatchKeys, calendarModified } from './calendar-identity.ts';
import { calendarUid, mergeCalendar, toClientCalendar, toServerCalendar } from './vcalendar/index.ts';
import { mergeNote, toClientNote, toServerNote } from './vnote/index.ts';
import { mergeVCard, readVCardUid, toClientVCard, toServerVCard, vcardDisplayName, vcardMatchKeys, vcardRevision } from './vcard/index.ts';

export interface ContentFormat {
  /** MIME type the backend stores. */
  serverType: string;
  /** MIME types a client may use, the default first. */
  clientTypes: readonly string[];
  /**
   * Client data -> backend data. `uid` is the identity the stored item must keep (a
   * replaced item keeps the server's UID whatever the client sends).
   */
  toServer(data: string, clientType: string, uid?: string): string;
  /** The item's own UID in backend data, if it has one. */
  uidOf(serverData: string): string | undefined;
  /** Keys under which two copies of one item meet in a slow sync (UID, key fields). */
  matchKeys(serverData: string): string[];
  /** A short name for the log (a contact's name, an event's summary). */
  describe(serverData: string): string | undefined;
  /** When the item was last changed, if it says (for the newer-wins policy). */
  modifiedAt(serverData: string): Date | undefined;
  /** File extension for backups. */
  extension: string;
  /**
   * `incoming` (already backend data) with what the device cannot hold kept from `stored`.
   * `supported` is the device's CTCap for `clientType` (upper-case names), undefined when it
   * lists none; `clientType` is the format the device sent the item in.
   */
  merge?(stored: string, incoming: string, supported: ReadonlySet<string> | undefined, clientType: string): string;
  /** Backend data -> what the client asked for. */
  toClient(data: string, clientType: string): string;
}

const vcard: ContentFormat = {
  serverType: 'text/vcard',
  clientTypes: ['text/x-vcard', 'text/vcard', 'text/directory'],
  toServer: (data, clientType, uid) => toServerVCard(data, clientType, uid === undefined ? {} : { uid }),
  uidOf: readVCardUid,
  matchKeys: vcardMatchKeys,
  describe: vcardDisplayName,
  modifiedAt: vcardRevision,
  extension: 'vcf',
  // Without a CTCap a contact is stored as the device sent it.
  merge: (stored, incoming, supported) => (supported === undefined ? incoming : mergeVCard(stored, incoming, supported)),
  toClient: (data, clientType) => toClientVCard(data, clientType === 'text/x-vcard' ? 'text/x-vcard' : 'text/vcard'),
};

type Component = 'VEVENT' | 'VTODO' | 'VJOURNAL';

const calendarIdentity = { uidOf: calendarUid, matchKeys: calendarMatchKeys, describe: calendarDisplayName, modifiedAt: calendarModified, extension: 'ics' };

/** Events, tasks, journal: vCalendar 1.0 or iCalendar 2.0 from the client, iCalendar 2.0 stored. */
function calendar(component: Component | undefined, clientTypes: readonly string[]): ContentFormat {
  return {
    serverType: 'text/calendar',
    clientTypes,
    toServer: (data, clientType, uid) => toServerCalendar(data, clientType, uid === undefined ? { component } : { uid, component }),
    toClient: (data, clientType) => toClientCalendar(data, clientType === 'text/calendar' ? 'text/calendar' : 'text/x-vcalendar'),
    merge: mergeCalendar,
    ...calendarIdentity,
  };
}

type NoteType = 'text/x-vnote' | 'text/plain' | 'text/calendar';
const noteType = (t: string): NoteType => (t === 'text/x-vnote' || t === 'text/calendar' ? t : 'text/plain');

/** Notes: plain text or vNote 1.1 from the client, stored as VJOURNAL. */
const notes: ContentFormat = {
  serverType: 'text/calendar',
  clientTypes: ['text/plain', 'text/x-vnote', 'text/calendar'],
  // vNote has no UID: a replaced note keeps the server's.
  toServer: (data, clientType, uid) => toServerNote(data, noteType(clientType), uid === undefined ? {} : { uid }),
  toClient: (data, clientType) => toClientNote(data, noteType(clientType)),
  merge: (stored, incoming, supported, clientType) => mergeNote(stored, incoming, supported, noteType(clientType)),
  ...calendarIdentity,
  extension: 'txt',
};

const formats: Partial<Record<StoreKind, ContentFormat>> = {
  contacts: vcard,
  events: calendar('VEVENT', ['text/x-vcalendar', 'text/calendar']),
  tasks: calendar('VTODO', ['text/x-vcalendar', 'text/calendar']),
  journal: calendar('VJOURNAL', ['text/calendar', 'text/x-vcalendar']),
  notes,
};

/** Events and tasks in one store (a phone's combined calendar): items of either component. */
export const eventsAndTasks: ContentFormat = calendar(undefined, ['text/x-vcalendar', 'text/calendar']);

/** The format of a store kind, or undefined for kinds not served yet. */
export function formatFor(kind: StoreKind): ContentFormat | undefined {
  return formats[kind];
}

/** Picks the type to send a client: its own preference when we can produce it. */
export function clientTypeFor(format: ContentFormat, preferred: readonly (string | undefined)[]): string {
  for (const type of preferred) {
    const t = type?.toLowerCase().split(';')[0]?.trim();
    if (t !== undefined && format.clientTypes.includes(t)) return t;
  }
  return format.clientTypes[0] ?? format.serverType;
}
