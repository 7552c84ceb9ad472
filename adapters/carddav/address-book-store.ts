// The DataStore of one CardDAV address book.
import type { DataStore } from '../../gateway/ports/data-store.ts';
import type { DavClient } from '../dav/request.ts';
import { DavResourceStore, type ResourceCollection, type ResourceStoreOptions } from '../dav/resource-store.ts';
import { vcardFormat } from './vcard-format.ts';

/** A DataStore (contentType text/vcard) over the address book at `collection.url`. */
export function openAddressBook(client: DavClient, collection: ResourceCollection, options?: ResourceStoreOptions): DataStore {
  return new DavResourceStore(client, collection, vcardFormat, options);
}
