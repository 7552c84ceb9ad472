// Slow sync matching: a client item the server may already hold under another id is found
// by content (same UID, or same key fields), so a slow sync does not duplicate data.
import type { MessageContext } from './context.ts';
import type { ItemTarget } from './client-changes.ts';
import { storeFormat } from './store-view.ts';

const readBatch = 100;

/** The server item `serverFormData` matches, if one not yet matched in this session does. */
export async function matchServerItem(serverFormData: string, t: ItemTarget, ctx: MessageContext): Promise<string | undefined> {
  const { ss } = t;
  const format = storeFormat(ss);
  if (format === undefined) return undefined;
  if (ss.matchIndex === undefined) {
    const index: Record<string, string> = {};
    const listing = await t.store.changes(undefined);
    const ids = listing.changed.map((v) => v.id);
    for (let i = 0; i < ids.length; i += readBatch) {
      for (const stored of await t.store.read(ids.slice(i, i + readBatch))) {
        // Folder items (a hierarchy) are matched by name elsewhere, not by content.
        if (stored.contentType !== undefined) continue;
        for (const key of format.matchKeys(stored.data)) index[key] ??= stored.id;
      }
    }
    ss.matchIndex = index;
    ctx.log.debug({ store: ss.serverURI, items: ids.length }, 'slow sync: server items indexed for matching');
  }
  for (const key of format.matchKeys(serverFormData)) {
    const guid = ss.matchIndex[key];
    if (guid !== undefined && !t.matched.has(guid)) return guid;
  }
  return undefined;
}
