// Finds the store of this session a command addresses, by the URI the client alerted
// or any spelling of it that resolves to the same store.
import type { SessionState, StoreSession } from './session-state.ts';
import { resolveStore } from './store-names.ts';

export function findStoreSession(session: SessionState, uri: string | undefined): StoreSession | undefined {
  if (uri === undefined) return undefined;
  const exact = session.stores[uri];
  if (exact !== undefined) return exact;
  const address = resolveStore(uri);
  if (address === undefined) return undefined;
  return Object.values(session.stores).find((ss) => ss.kind === address.kind && (ss.collection ?? '').toLowerCase() === (address.collection ?? '').toLowerCase());
}
