// The DataStore of one CalDAV calendar for one component kind (events, tasks or journal entries).
import type { DataStore } from '../../gateway/ports/data-store.ts';
import type { DavClient } from '../dav/request.ts';
import { reportMembers } from '../dav/collection-sync.ts';
import { DavResourceStore, type MemberFilter, type ResourceCollection, type ResourceStoreOptions } from '../dav/resource-store.ts';
import { NS, calendarQueryBody } from '../dav/xml.ts';
import { calendarFormat } from './calendar-format.ts';
import { calendarComponents, componentNames, type CalendarComponent } from './icalendar-components.ts';

export interface CalendarCollection extends ResourceCollection {
  /** supported-calendar-component-set; empty or missing = not restricted (RFC 4791 §5.2.3). */
  components?: readonly string[];
}

export interface CalendarStoreOptions extends ResourceStoreOptions {
  /**
   * Show only members holding the component, even when the collection declares no other.
   * Default: only when it declares others or none. (Radicale does not enforce the declared set,
   * so a VEVENT calendar may still hold a stray VTODO a client put there.)
   */
  alwaysFilter?: boolean;
}

/** True when the collection may hold other kinds of components than `component`. */
export function isShared(collection: CalendarCollection, component: CalendarComponent): boolean {
  const declared = (collection.components ?? []).filter((c) => (calendarComponents as readonly string[]).includes(c));
  return declared.length === 0 || declared.some((c) => c !== component);
}

/**
 * Takes only objects of `component`. As a view (`list` set), listings are a calendar-query with a
 * comp-filter (one REPORT, like the PROPFIND it replaces, plus a PROPFIND depth 0 for the token)
 * and each incremental change costs a multiget of the changed items, since sync-collection
 * cannot filter by component.
 */
export function componentFilter(component: CalendarComponent, view: boolean): MemberFilter {
  const etag = { ns: NS.dav, name: 'getetag' };
  return {
    description: `${component} items`,
    accepts: (data) => componentNames(data)[0] === component,
    list: view
      ? (client, collectionUrl) => reportMembers(client, collectionUrl, 'calendar-query', calendarQueryBody([etag], component))
      : undefined,
  };
}

/**
 * A DataStore (contentType text/calendar) over the calendar at `collection.url` holding the items
 * of `component`. Writes of other components are rejected; in a calendar that may hold several
 * kinds (a combined events-and-tasks calendar), it lists and reads only its own.
 */
export function openCalendar(
  client: DavClient,
  collection: CalendarCollection,
  component: CalendarComponent,
  options: CalendarStoreOptions = {},
): DataStore {
  const view = options.alwaysFilter === true || isShared(collection, component);
  return new DavResourceStore(client, collection, calendarFormat, { ...options, filter: componentFilter(component, view) });
}
