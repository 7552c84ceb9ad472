// What the gateway remembers of one device's copy of one store between sessions:
// anchors, the backend change token, and which server item the device holds under which id.
import type { StateStore } from '../ports/state-store.ts';
import type { SyncMethod } from './sync-methods.ts';

export interface DeviceItem {
  /** The device's id for the item (LUID); absent until the device sent its Map. */
  luid?: string;
  /** The backend version the device holds. */
  etag: string;
  /** The item's UID on the backend, kept so a replace from the device cannot change it. */
  uid?: string;
}

export interface DeviceStoreState {
  /** The client's Next anchor of the last completed sync. */
  clientAnchor?: string;
  /** Our Next anchor of the last completed sync. */
  serverAnchor?: string;
  /** Backend change token taken at the start of the last completed sync. */
  token?: string;
  /** Server id (GUID) -> what the device holds. */
  items: Record<string, DeviceItem>;
  /** A sync that started and has not completed: what a resume (Alert 225) continues. */
  interrupted?: { method: SyncMethod; alert: number };
  /** Content type the device asked for last time. */
  clientType?: string;
}

export function deviceStateKey(user: string, deviceId: string, store: string): string {
  return `device:${user}:${deviceId}:${store}`;
}

export async function loadDeviceState(state: StateStore, key: string): Promise<DeviceStoreState> {
  return (await state.get<DeviceStoreState>(key)) ?? { items: {} };
}

/** LUID -> GUID index of a device state. */
export function luidIndex(device: DeviceStoreState): Map<string, string> {
  const index = new Map<string, string>();
  for (const [guid, item] of Object.entries(device.items)) if (item.luid !== undefined) index.set(item.luid, guid);
  return index;
}
