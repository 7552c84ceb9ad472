// One DataStore over several backend stores: a phone's combined calendar (the events and the
// tasks collection) or a SyncML 1.2 folder hierarchy (every collection of a kind, each shown
// as a folder item). Ids are `<part key>/<backend id>`; one part may keep its plain ids.
import { folderType, writeFolder } from '../convert/folder-object.ts';
import { StoreError, type ChangeSet, type DataStore, type ItemVersion, type Placement, type StoredItem } from '../ports/data-store.ts';

export interface StorePart {
  /** Prefix of the part's item ids; in a hierarchy also the id of its folder item. No `/`. */
  key: string;
  store: DataStore;
  /** Name of the part's folder item (hierarchy only). */
  folderName?: string;
}

export interface MultiStoreOptions {
  parts: StorePart[];
  /** The part whose ids stay as the backend gives them (the events of a combined calendar). */
  plainKey?: string;
  /** Each part is a folder item, and its items name it as their parent. */
  folders?: boolean;
  /** The part that takes a new item, or a changed one now in `current`. */
  choose(data: string, placement: Placement | undefined, current: string | undefined): string;
}

interface MultiToken {
  /** Each part's own change token. */
  t: Record<string, string | null>;
  /** The folder items' versions when the token was taken. */
  f?: Record<string, string>;
}

const tokenPrefix = 'multi:';

export class MultiStore implements DataStore {
  readonly name: string;
  readonly contentType: string;
  readonly #parts: StorePart[];
  readonly #byKey: Map<string, StorePart>;
  readonly #options: MultiStoreOptions;

  constructor(options: MultiStoreOptions) {
    this.#options = options;
    this.#parts = options.parts;
    this.#byKey = new Map(options.parts.map((p) => [p.key, p]));
    this.name = options.parts.map((p) => p.store.name).join(' + ');
    this.contentType = options.parts[0]?.store.contentType ?? 'text/plain';
  }

  /** True for the id of a folder item. */
  isFolder(id: string): boolean {
    return this.#options.folders === true && this.#byKey.has(id);
  }

  /** The folder items: id and the name the client sees. */
  folders(): Array<{ id: string; name: string }> {
    return this.#options.folders === true ? this.#parts.map((p) => ({ id: p.key, name: folderName(p) })) : [];
  }

  async changes(token: string | undefined): Promise<ChangeSet> {
    const previous = this.#readToken(token);
    const folders = this.#folderVersions();
    let results = await Promise.all(this.#parts.map((p) => p.store.changes(previous?.t[p.key] ?? undefined)));
    // A collection that came or went, or a part that could only list everything, makes the
    // whole answer a full listing: the engine then diffs it against what the device holds.
    const folderSetChanged = this.#options.folders === true && !sameKeys(previous?.f ?? {}, folders);
    let complete = previous === undefined || folderSetChanged || results.some((r) => r.complete);
    if (complete) results = await Promise.all(this.#parts.map((p, i) => (results[i]!.complete ? results[i]! : p.store.changes(undefined))));
    complete ||= results.every((r) => r.complete);
    const changed: ItemVersion[] = [];
    for (const [id, etag] of Object.entries(folders)) if (complete || previous?.f?.[id] !== etag) changed.push({ id, etag });
    const deleted: string[] = [];
    this.#parts.forEach((part, i) => {
      const result = results[i]!;
      for (const v of result.changed) changed.push({ id: this.#outer(part, v.id), etag: v.etag });
      for (const id of result.deleted) deleted.push(this.#outer(part, id));
    });
    const next: MultiToken = { t: Object.fromEntries(this.#parts.map((p, i) => [p.key, results[i]!.token ?? null])) };
    if (this.#options.folders === true) next.f = folders;
    return { token: tokenPrefix + JSON.stringify(next), changed, deleted, complete };
  }

  async read(ids: readonly string[]): Promise<StoredItem[]> {
    const found = new Map<string, StoredItem>();
    const wanted = new Map<StorePart, string[]>();
    for (const id of ids) {
      if (this.isFolder(id)) {
        const part = this.#byKey.get(id)!;
        found.set(id, { id, etag: folderEtag(part), data: writeFolder(folderName(part)), contentType: folderType });
        continue;
      }
      const inner = this.#inner(id);
      if (inner !== undefined) wanted.set(inner.part, [...(wanted.get(inner.part) ?? []), inner.id]);
    }
    await Promise.all(
      [...wanted].map(async ([part, partIds]) => {
        for (const item of await part.store.read(partIds)) {
          const id = this.#outer(part, item.id);
          found.set(id, { ...item, id, ...(this.#options.folders === true ? { parent: part.key } : {}) });
        }
      }),
    );
    return ids.flatMap((id) => {
      const item = found.get(id);
      return item === undefined ? [] : [item];
    });
  }

  async create(data: string, placement?: Placement): Promise<ItemVersion> {
    const part = this.#part(this.#options.choose(data, placement, undefined));
    const version = await part.store.create(data);
    return { id: this.#outer(part, version.id), etag: version.etag };
  }

  async update(id: string, data: string, ifMatch?: string, placement?: Placement): Promise<ItemVersion> {
    if (this.isFolder(id)) throw new StoreError('rejected', `folder ${id} is a collection: its items change, not the folder`);
    const inner = this.#inner(id);
    if (inner === undefined) throw new StoreError('not-found', `${id} not found`);
    const target = this.#part(this.#options.choose(data, placement, inner.part.key));
    if (target === inner.part) {
      const version = await inner.part.store.update(inner.id, data, ifMatch);
      return { id: this.#outer(target, version.id), etag: version.etag };
    }
    // Another folder, or an event that became a task: the item moves. Created first so that a
    // failure leaves the old copy; a backend that refuses a second copy of the UID (both parts
    // on one collection) gets the old one removed first.
    let version: ItemVersion;
    try {
      version = await target.store.create(data);
    } catch (error) {
      if (!(error instanceof StoreError && error.kind === 'conflict')) throw error;
      await inner.part.store.remove(inner.id, ifMatch);
      version = await target.store.create(data);
      return { id: this.#outer(target, version.id), etag: version.etag };
    }
    try {
      await inner.part.store.remove(inner.id, ifMatch);
    } catch (error) {
      // The old copy changed meanwhile (or cannot go): the move does not happen, half or whole.
      await target.store.remove(version.id).catch(() => undefined);
      throw error;
    }
    return { id: this.#outer(target, version.id), etag: version.etag };
  }

  async remove(id: string, ifMatch?: string): Promise<void> {
    if (this.isFolder(id)) throw new StoreError('rejected', `folder ${id} is a collection and is not deleted through SyncML`);
    const inner = this.#inner(id);
    if (inner !== undefined) await inner.part.store.remove(inner.id, ifMatch);
  }

  #part(key: string): StorePart {
    const part = this.#byKey.get(key) ?? this.#parts[0];
    if (part === undefined) throw new StoreError('unavailable', 'no collection to write to');
    return part;
  }

  #outer(part: StorePart, id: string): string {
    return part.key === this.#options.plainKey ? id : `${part.key}/${id}`;
  }

  #inner(id: string): { part: StorePart; id: string } | undefined {
    const slash = id.indexOf('/');
    const part = slash < 0 ? undefined : this.#byKey.get(id.slice(0, slash));
    if (part !== undefined && part.key !== this.#options.plainKey) return { part, id: id.slice(slash + 1) };
    const plain = this.#options.plainKey === undefined ? undefined : this.#byKey.get(this.#options.plainKey);
    return plain === undefined ? undefined : { part: plain, id };
  }

  #folderVersions(): Record<string, string> {
    if (this.#options.folders !== true) return {};
    return Object.fromEntries(this.#parts.map((p) => [p.key, folderEtag(p)]));
  }

  /** Our own token, or a plain one (from when the store was served alone) for the plain part. */
  #readToken(token: string | undefined): MultiToken | undefined {
    if (token === undefined) return undefined;
    if (!token.startsWith(tokenPrefix)) return this.#options.plainKey === undefined ? undefined : { t: { [this.#options.plainKey]: token } };
    try {
      const parsed = JSON.parse(token.slice(tokenPrefix.length)) as MultiToken;
      return typeof parsed === 'object' && parsed !== null && typeof parsed.t === 'object' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
}

function folderName(part: StorePart): string {
  return part.folderName ?? part.key;
}

function folderEtag(part: StorePart): string {
  return `folder:${folderName(part)}`;
}

function sameKeys(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => k in b);
}
