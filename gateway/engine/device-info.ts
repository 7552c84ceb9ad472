// Where a device's DevInf is kept, and what it says about one of its databases.
import type { DevInf } from '../protocol/devinf-model.ts';

export function deviceInfoKey(user: string, deviceId: string): string {
  return `devinf:${user}:${deviceId}`;
}

function bare(uri: string): string {
  return uri.replace(/^\.\//, '').toLowerCase();
}

/** The DevInf DataStore of the client database `clientURI`. */
export function dataStoreOf(devinf: DevInf | undefined, clientURI: string): DevInf['dataStores'][number] | undefined {
  return devinf?.dataStores.find((d) => bare(d.sourceRef) === bare(clientURI));
}

/** What the device prefers to receive for a database (Rx-Pref, then Rx). */
export function preferredTypes(devinf: DevInf | undefined, clientURI: string): string[] {
  const store = dataStoreOf(devinf, clientURI);
  if (store === undefined) return [];
  return [store.rxPref?.ctType, ...store.rx.map((r) => r.ctType)].filter((t): t is string => t !== undefined);
}
