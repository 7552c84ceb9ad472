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
  /** The device sent a task into this events store: it keeps events and tasks together. */
  combined?: boolean;
}

export function deviceStateKey(user: string, deviceId: string, store: string): string {
  return `device:${user}:${deviceId}:${store}`;
}

/**
 * Stored as two values, so that a message's cost follows what it changes, not the number of
 * items: the small part (anchors, token...) under `key`, the item map under `<key>:items` as
 * one string (a flat JSON array guid, luid, etag, uid, ...: parsed in one go, about half the
 * time of an object per item). The map is decoded only when a message reads `items`, and
 * each part is written back only when it changed. A document of the older layout (the map
 * inside the small part) is read as it is and written in the new one.
 */
export interface LoadedDeviceState {
  device: DeviceStoreState;
  /** Writes back the parts that changed since loading. */
  save(): Promise<void>;
}

const itemsKeyOf = (key: string): string => `${key}:items`;

export async function loadDeviceState(state: StateStore, key: string): Promise<LoadedDeviceState> {
  const [stored, storedItems] = await Promise.all([state.get<DeviceStoreState>(key), state.get<string>(itemsKeyOf(key))]);
  const { items: oldItems, ...meta } = stored ?? { items: undefined };
  let savedMeta = stored === undefined ? undefined : JSON.stringify(stored);
  // The older layout kept the map in the document: it is taken from there and moved.
  let savedItems = oldItems !== undefined ? undefined : storedItems;
  let items: Record<string, DeviceItem> | undefined = oldItems;
  const device = meta as DeviceStoreState;
  Object.defineProperty(device, 'items', {
    enumerable: true,
    configurable: true,
    get: () => (items ??= decodeItems(storedItems)),
    set: (value: Record<string, DeviceItem>) => {
      items = value;
    },
  });
  return {
    device,
    async save() {
      if (items !== undefined) {
        const encoded = encodeItems(items);
        if (encoded !== savedItems) {
          await state.set(itemsKeyOf(key), encoded);
          savedItems = encoded;
        }
      }
      // Copied key by key: reading `items` here would decode the map.
      const rest: Record<string, unknown> = {};
      for (const name of Object.keys(device)) if (name !== 'items') rest[name] = (device as unknown as Record<string, unknown>)[name];
      const text = JSON.stringify(rest);
      if (text !== savedMeta) {
        await state.set(key, rest);
        savedMeta = text;
      }
    },
  };
}

function encodeItems(items: Record<string, DeviceItem>): string {
  const flat: string[] = [];
  for (const guid in items) {
    const item = items[guid]!;
    flat.push(guid, item.luid ?? '', item.etag, item.uid ?? '');
  }
  return JSON.stringify(flat);
}

function decodeItems(text: string | undefined): Record<string, DeviceItem> {
  const items: Record<string, DeviceItem> = {};
  if (text === undefined) return items;
  const flat = JSON.parse(text) as string[];
  for (let i = 0; i + 3 < flat.length; i += 4) {
    const item: DeviceItem = { etag: flat[i + 2]! };
    if (flat[i + 1] !== '') item.luid = flat[i + 1]!;
    if (flat[i + 3] !== '') item.uid = flat[i + 3]!;
    items[flat[i]!] = item;
  }
  return items;
}

/** LUID -> GUID index of a device state. */
export function luidIndex(device: DeviceStoreState): Map<string, string> {
  const index = new Map<string, string>();
  for (const [guid, item] of Object.entries(device.items)) if (item.luid !== undefined) index.set(item.luid, guid);
  return index;
}
