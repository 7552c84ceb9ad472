// The port every item backend implements (CardDAV now; CalDAV, IMAP and backup later).
// Ids are the backend's own (the GUIDs of OMA DS); etags tell versions apart.

/** An item's identity and version on the backend. */
export interface ItemVersion {
  id: string;
  etag: string;
}

export interface StoredItem extends ItemVersion {
  /** The item as the backend keeps it (vCard 3.0 text for CardDAV). */
  data: string;
  /** Set when the item is of another type than the store's (a folder object in a store of folders). */
  contentType?: string;
  /** The id of the folder item that holds this item, in a store that has folders. */
  parent?: string;
}

/** Where a written item goes in a store that spans several collections. */
export interface Placement {
  /** The id of the folder item to put it in; stores without folders ignore it. */
  parent?: string;
}

/**
 * What changed since a token. `complete` is true when the backend could not answer
 * incrementally and `changed` lists every item (the caller then diffs against its own state:
 * anything it knows that is not listed was deleted).
 */
export interface ChangeSet {
  token: string | undefined;
  changed: ItemVersion[];
  deleted: string[];
  complete: boolean;
}

export interface DataStore {
  /** Display name of the backend collection, for logs. */
  readonly name: string;
  /** MIME type of what `read` returns and `create`/`update` take. */
  readonly contentType: string;
  /** Changes since `token`; with no token, every item (complete = true). */
  changes(token: string | undefined): Promise<ChangeSet>;
  /** Reads several items at once (multiget); missing ids are left out of the result. */
  read(ids: readonly string[]): Promise<StoredItem[]>;
  create(data: string, placement?: Placement): Promise<ItemVersion>;
  /**
   * Replaces an item; `ifMatch` makes it conditional on the version the caller saw. A store that
   * spans several collections may move the item to another one (another folder in `placement`, or
   * another kind of item): the result then carries the item's new id.
   */
  update(id: string, data: string, ifMatch?: string, placement?: Placement): Promise<ItemVersion>;
  /** Deletes an item; deleting one that is already gone is not an error. */
  remove(id: string, ifMatch?: string): Promise<void>;
}

/** Why a backend operation failed; the engine maps each kind to a SyncML status in one table. */
export type StoreErrorKind = 'not-found' | 'conflict' | 'unavailable' | 'auth' | 'rejected' | 'too-large';

export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
