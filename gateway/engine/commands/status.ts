// Status from the client: confirms (or refuses) what we sent; only a confirmed change
// enters the device state.
import type { Status } from '../../protocol/model.ts';
import { isSuccess, StatusCode } from '../../protocol/codes.ts';
import type { MessageContext } from '../context.ts';

export async function handleStatus(status: Status, ctx: MessageContext): Promise<void> {
  const key = `${status.msgRef}:${status.cmdRef}`;
  const sent = ctx.session.sent[key];
  if (sent === undefined) {
    if (!isSuccess(status.data) && status.cmd !== 'SyncHdr') ctx.log.warn({ cmd: status.cmd, status: status.data }, 'client reports a failure');
    return;
  }
  delete ctx.session.sent[key];
  const ss = ctx.session.stores[sent.store];
  if (ss === undefined) return;
  const device = await ctx.device(ss.stateKey);
  const code = Number(status.data);
  if (!isSuccess(code) && !(sent.op === 'Delete' && code === StatusCode.notFound)) {
    ss.stats.failed++;
    ctx.log.warn({ store: ss.serverURI, op: sent.op, guid: sent.guid, status: code }, 'client refused an item; it is sent again next sync');
    return;
  }
  if (sent.op === 'Delete') {
    delete device.items[sent.guid];
    return;
  }
  const known = device.items[sent.guid];
  device.items[sent.guid] = { ...(known ?? {}), etag: sent.etag ?? known?.etag ?? '' };
  if (sent.uid !== undefined) device.items[sent.guid]!.uid = sent.uid;
  ss.matched.push(sent.guid);
}
