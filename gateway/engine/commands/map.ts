// Map: the client tells which of its ids (LUIDs) it gave the items we added.
import type { MapCommand } from '../../protocol/model.ts';
import { StatusCode } from '../../protocol/codes.ts';
import type { MessageContext } from '../context.ts';
import { findStoreSession } from '../find-store.ts';
import { luidIndex } from '../device-state.ts';

export async function handleMap(map: MapCommand, ctx: MessageContext): Promise<void> {
  const refs = { target: [map.target.locURI], source: [map.source.locURI] };
  const ss = findStoreSession(ctx.session, map.target.locURI);
  if (ss === undefined) {
    ctx.log.warn({ store: map.target.locURI }, 'Map for a store not in this session');
    ctx.reply.status('Map', map.cmdID, StatusCode.notFound, refs);
    return;
  }
  const device = await ctx.device(ss.stateKey);
  const index = luidIndex(device);
  for (const { target, source: luid } of map.mapItems) {
    const guid = ctx.session.tempIds?.[target] ?? target;
    const known = device.items[guid];
    if (known === undefined) {
      // Only items we sent (and the client confirmed) are mapped; anything else is ignored.
      ctx.log.warn({ store: ss.serverURI, guid, luid }, 'Map for an item we did not send: ignored');
      continue;
    }
    // Another item the device held under this LUID is no longer there.
    const previous = index.get(luid);
    if (previous !== undefined && previous !== guid) delete device.items[previous]?.luid;
    index.set(luid, guid);
    device.items[guid] = { ...known, luid };
  }
  if (map.noResp !== true) ctx.reply.status('Map', map.cmdID, StatusCode.ok, refs);
}
