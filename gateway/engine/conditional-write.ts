// Client changes are written on condition of the server version the engine decided against, so
// a change someone else made in between is never overwritten or deleted unseen.
import type { ItemVersion, StoredItem } from '../ports/data-store.ts';
import { StoreError } from '../ports/data-store.ts';
import type { ItemTarget } from './client-changes.ts';

/**
 * The version a client write to `guid` is conditional on: the one the engine decided against.
 * In a full sync that is the copy it read (`current`); otherwise the version this session's
 * change listing showed when it listed the item as changed, else the one the device holds.
 */
export function basisEtag(t: ItemTarget, guid: string, current?: ItemVersion): string | undefined {
  const etag = t.ss.plan.full ? current?.etag : (t.ss.listedEtags?.[guid] ?? t.device.items[guid]?.etag);
  return etag === '' ? undefined : etag;
}

/**
 * After a failed conditional write: the server's current version when the item changed since
 * `basis` (someone else wrote it between our listing and our write); `undefined` when it is
 * gone. Any other failure is thrown again.
 */
export async function changedMeanwhile(error: unknown, basis: string | undefined, guid: string, t: ItemTarget): Promise<StoredItem | undefined> {
  if (!(error instanceof StoreError)) throw error;
  if (error.kind === 'not-found') return undefined;
  if (error.kind !== 'conflict' || basis === undefined) throw error;
  const [fresh] = await t.store.read([guid]);
  // The same version: the store refused for another reason (a UID clash, say).
  if (fresh !== undefined && fresh.etag === basis) throw error;
  return fresh;
}
