// Works out what the client must receive for one store: from the backend's change set
// (sync token or full listing) diffed against what the device is known to hold.
import type { DataStore } from '../ports/data-store.ts';
import type { DeviceStoreState } from './device-state.ts';
import type { OutgoingChange, StoreSession } from './session-state.ts';

/**
 * Fills `ss.outgoing` and `ss.nextToken`. Incremental modes ask for the changes since the
 * stored token (cost in proportion to the changes); slow and refresh modes list everything.
 */
export async function computeServerChanges(ss: StoreSession, device: DeviceStoreState, store: DataStore): Promise<void> {
  const full = ss.mode === 'slow' || ss.mode === 'refresh-from-server' || ss.mode === 'refresh-from-client';
  const changes = await store.changes(full ? undefined : device.token);
  ss.nextToken = changes.token;
  ss.changesComputed = true;
  if (ss.mode === 'one-way-from-client') return;
  const outgoing: OutgoingChange[] = [];
  const touched = new Set(ss.touched);
  if (full) {
    // Slow and refresh: the client gets every server item it has not been matched with.
    const matched = new Set(ss.matched);
    if (ss.mode === 'refresh-from-client') {
      ss.outgoing = [];
      ss.orphans = changes.changed.filter((v) => !matched.has(v.id)).map((v) => v.id);
      return;
    }
    for (const version of changes.changed) if (!matched.has(version.id)) outgoing.push({ op: 'Add', guid: version.id });
    ss.outgoing = outgoing;
    return;
  }
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
  ss.outgoing = outgoing;
}

function withLuid(change: OutgoingChange, luid: string | undefined): OutgoingChange {
  if (luid !== undefined) change.luid = luid;
  return change;
}
