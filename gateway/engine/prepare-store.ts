// What happens to a store before the client's items are applied: incremental methods look
// at the server's changes first (to see conflicts); method 7 erases the server's items.
import type { MessageContext } from './context.ts';
import type { StoreSession } from './session-state.ts';
import { computeServerChanges } from './server-changes.ts';
import { describeError } from './store-errors.ts';

export async function prepareStore(ss: StoreSession, ctx: MessageContext): Promise<void> {
  if (ss.prepared === true) return;
  ss.prepared = true;
  const store = await ctx.store(ss);
  const device = await ctx.device(ss.stateKey);
  if (!ss.plan.full && ss.backupPrefix === undefined) await computeServerChanges(ss, device, store);
  if (ss.plan.eraseServer && ss.backupPrefix === undefined) {
    const all = await store.changes(undefined);
    let erased = 0;
    for (const { id } of all.changed) {
      try {
        await store.remove(id);
        erased++;
      } catch (error) {
        ctx.log.warn({ store: ss.serverURI, guid: id, error: describeError(error) }, 'server item not erased');
      }
    }
    device.items = {};
    ctx.log.info({ store: ss.serverURI, erased }, 'server data erased before the client copy (method 7)');
  }
}
