// An item changed on both sides since the last sync: who wins, by the configured policy
// (server wins by default, client wins, newer wins, or keep both). The log names the item.
import type { MessageContext } from './context.ts';
import type { ItemTarget } from './client-changes.ts';
import type { StoredItem } from '../ports/data-store.ts';

export type Winner = 'server' | 'client' | 'both';

interface ConflictingItem {
  luid: string;
  data: string;
  type: string;
  format: { describe(data: string): string | undefined; modifiedAt(data: string): Date | undefined };
}

/**
 * `kind` is what the client did: 'change' (its version is `clientServerData`, already in the
 * server's format) or 'delete'. Keep-both applies to changes; a deletion against a server
 * change keeps the server's version.
 */
export async function resolveConflict(
  kind: 'change' | 'delete',
  item: ConflictingItem,
  guid: string,
  t: ItemTarget,
  ctx: MessageContext,
  clientServerData?: string,
): Promise<Winner> {
  const [server] = await t.store.read([guid]);
  return decideConflict(kind, item, guid, server, t, ctx, clientServerData);
}

/** As `resolveConflict`, against the server's version the caller has read (`undefined`: gone). */
export function decideConflict(
  kind: 'change' | 'delete',
  item: ConflictingItem,
  guid: string,
  server: StoredItem | undefined,
  t: ItemTarget,
  ctx: MessageContext,
  clientServerData?: string,
): Winner {
  const policy = ctx.deps.options.conflictPolicy;
  const name = (server === undefined ? undefined : item.format.describe(server.data)) ?? (clientServerData === undefined ? undefined : item.format.describe(clientServerData));
  let winner: Winner;
  switch (policy) {
    case 'client-wins':
      winner = 'client';
      break;
    case 'duplicate':
      winner = kind === 'change' && server !== undefined ? 'both' : 'server';
      break;
    case 'newer-wins': {
      const clientTime = clientServerData === undefined ? undefined : item.format.modifiedAt(clientServerData);
      const serverTime = server === undefined ? undefined : item.format.modifiedAt(server.data);
      winner = clientTime !== undefined && (serverTime === undefined || clientTime > serverTime) ? 'client' : 'server';
      break;
    }
    default:
      winner = 'server';
  }
  ctx.log.info(
    { store: t.ss.serverURI, luid: item.luid, guid, item: name, client: kind, policy, winner },
    `conflict on ${name === undefined ? guid : `"${name}"`}: changed on both sides; ${winner === 'both' ? 'both kept' : `${winner} wins`} (${policy})`,
  );
  return winner;
}
