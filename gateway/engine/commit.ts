// The end of a sync: anchors and the change token advance only now, when the client has
// confirmed everything; in a slow sync the device's items are what was matched.
import type { MessageContext } from './context.ts';
import type { StoreSession } from './session-state.ts';
import { describeError } from './store-errors.ts';

export async function commitStores(ctx: MessageContext): Promise<void> {
  for (const ss of Object.values(ctx.session.stores)) {
    const device = await ctx.device(ss.stateKey);
    if (ss.backupPrefix !== undefined) {
      // A backup session leaves the device's sync state as it was: the next sync compares anew.
      ctx.log.info({ store: ss.serverURI, backedUp: ss.stats.backedUp }, 'backup completed');
      continue;
    }
    if (ss.plan.full) {
      const held = new Set(ss.matched);
      for (const guid of Object.keys(device.items)) if (!held.has(guid)) delete device.items[guid];
    }
    delete device.interrupted;
    device.clientAnchor = ss.clientNext;
    device.serverAnchor = ss.serverNext;
    device.clientType = ss.clientType;
    if (ss.nextToken !== undefined) device.token = ss.nextToken;
    else delete device.token;
    const s = ss.stats;
    ctx.log.info(
      {
        store: ss.serverURI,
        method: ss.plan.method,
        reason: ss.reason,
        conflicts: s.conflicts,
        fromClient: { added: s.added, replaced: s.replaced, deleted: s.deleted },
        toClient: { added: s.sentAdds, replaced: s.sentReplaces, deleted: s.sentDeletes },
        failed: s.failed,
      },
      'sync completed',
    );
  }
}

/** Refresh from the client: server items the client does not have are deleted. */
export async function deleteOrphans(ss: StoreSession, ctx: MessageContext): Promise<void> {
  const store = await ctx.store(ss);
  const device = await ctx.device(ss.stateKey);
  for (const guid of ss.orphans ?? []) {
    try {
      await store.remove(guid);
      delete device.items[guid];
    } catch (error) {
      ctx.log.warn({ store: ss.serverURI, guid, error: describeError(error) }, 'server item not deleted in refresh from client');
    }
  }
  ss.orphans = [];
}
