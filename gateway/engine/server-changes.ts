// Works out what the client must receive for one store: from the backend's change set
// (sync token or full listing) diffed against what the device is known to hold.
import type { DataStore, ItemVersion } from '../ports/data-store.ts';
import type { DeviceStoreState } from './device-state.ts';
import type { OutgoingChange, StoreSession } from './session-state.ts';

/**
 * Adds to `ss.outgoing` and sets `ss.nextToken`. Incremental methods ask for the changes
 * since the stored token (cost in proportion to the changes); full ones list everything.
 */
export async function computeServerChanges(ss: StoreSession, device: DeviceStoreState, store: DataStore): Promise<void> {
  const { plan } = ss;
  const changes = await store.changes(plan.full ? undefined : device.token);
  ss.nextToken = plan.advanceToken ? changes.token : device.token;
  ss.changesComputed = true;
  const matched = new Set(ss.matched);
  if (plan.deleteUnmatchedOnServer) ss.orphans = changes.changed.filter((v) => !matched.has(v.id)).map((v) => v.id);
  if (!plan.full) ss.listedEtags = listedEtags(changes.changed, device, ss.touched);
  if (plan.serverItems === 'none') return;
  const outgoing: OutgoingChange[] = [];
  if (plan.full) {
    // The client gets every server item it was not matched with ('all': the client holds nothing).
    for (const version of changes.changed) if (plan.serverItems === 'all' || !matched.has(version.id)) outgoing.push({ op: 'Add', guid: version.id });
    ss.outgoing.push(...outgoing);
    return;
  }
  const touched = new Set(ss.touched);
  const listed = new Set<string>();
  for (const version of changes.changed) {
    listed.add(version.id);
    if (touched.has(version.id)) continue;
    const known = device.items[version.id];
    if (known === undefined) outgoing.push({ op: 'Add', guid: version.id });
    else if (known.etag !== version.etag) outgoing.push(withLuid({ op: 'Replace', guid: version.id }, known.luid));
  }
  const deleted = changes.complete ? Object.keys(device.items).filter((id) => !listed.has(id)) : changes.deleted;
  for (const id of deleted) {
    const known = device.items[id];
    if (known !== undefined && !touched.has(id)) outgoing.push(withLuid({ op: 'Delete', guid: id }, known.luid));
  }
  ss.outgoing.push(...outgoing);
}

function withLuid(change: OutgoingChange, luid: string | undefined): OutgoingChange {
  if (luid !== undefined) change.luid = luid;
  return change;
}

/**
 * The listed versions of items the device holds at another one: what a client change is based
 * on (the engine saw them). Items the client changed in this session are left out: the device
 * state has our own write's version.
 */
function listedEtags(changed: readonly ItemVersion[], device: DeviceStoreState, touched: readonly string[]): Record<string, string> {
  const skip = new Set(touched);
  const etags: Record<string, string> = {};
  for (const { id, etag } of changed) {
    const known = device.items[id];
    if (known !== undefined && known.etag !== etag && !skip.has(id)) etags[id] = etag;
  }
  return etags;
}
