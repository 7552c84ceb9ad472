// Large objects from the client (OMA DS RepPro, MoreData): chunks are kept until the last one
// arrives, then the whole item is applied; 213 for a buffered chunk, 424 when the size the
// first chunk announced does not match, Alert 223 when the end never comes.
import { AlertCode, StatusCode } from '../protocol/codes.ts';
import type { Item, ItemCommand, Meta } from '../protocol/model.ts';
import type { MessageContext } from './context.ts';
import type { PendingChunk, StoreSession } from './session-state.ts';

/** Largest object accepted (whole or in chunks), unless the engine options say otherwise. */
export const defaultMaxObjSize = 2 * 1024 * 1024;

export type ChunkOutcome = { status: number } | { item: Item };

function bytesOf(item: Item): Buffer {
  if (item.dataBinary !== undefined) return Buffer.from(item.dataBinary);
  return Buffer.from(item.data ?? '', 'utf8');
}

/** Feeds one client item through chunk assembly: a status to answer now, or the item to apply. */
export function assemble(cmd: ItemCommand, item: Item, luid: string, syncMeta: Meta | undefined, ss: StoreSession, ctx: MessageContext): ChunkOutcome {
  const session = ctx.session;
  let pending = session.pendingChunk;
  const same = pending !== undefined && pending.luid === luid && pending.store === ss.serverURI;
  if (pending !== undefined && !same) {
    noEndOfData(pending, ctx);
    pending = undefined;
  }
  if (cmd.kind !== 'Add' && cmd.kind !== 'Replace') return { item };
  const meta = item.meta ?? cmd.meta ?? syncMeta;
  const max = ctx.deps.options.maxObjSize ?? defaultMaxObjSize;
  if (item.moreData !== true && pending === undefined && bytesOf(item).length > max) {
    ctx.log.warn({ store: ss.serverURI, luid, size: bytesOf(item).length, max }, 'item larger than MaxObjSize refused');
    return { status: StatusCode.requestEntityTooLarge };
  }
  if (item.moreData === true) {
    if (pending === undefined) {
      const size = item.meta?.size ?? cmd.meta?.size;
      if (size !== undefined && size > max) {
        ctx.log.warn({ store: ss.serverURI, luid, size, max }, 'object larger than MaxObjSize refused');
        return { status: StatusCode.requestedSizeTooBig };
      }
      pending = { store: ss.serverURI, op: cmd.kind, luid, data: '' };
      if (size !== undefined) pending.size = size;
      if (meta?.type !== undefined) pending.type = meta.type;
      if (meta?.format !== undefined) pending.format = meta.format;
    }
    pending.data = Buffer.concat([Buffer.from(pending.data, 'base64'), bytesOf(item)]).toString('base64');
    if (Buffer.byteLength(pending.data, 'base64') > max) {
      delete session.pendingChunk;
      ctx.log.warn({ store: ss.serverURI, luid, max }, 'chunked object grew over MaxObjSize: refused');
      return { status: StatusCode.requestedSizeTooBig };
    }
    session.pendingChunk = pending;
    return { status: StatusCode.chunkedItemAccepted };
  }
  if (pending === undefined) return { item };
  // The last chunk.
  delete session.pendingChunk;
  const whole = Buffer.concat([Buffer.from(pending.data, 'base64'), bytesOf(item)]);
  if (pending.size !== undefined && whole.length !== pending.size) {
    ctx.log.warn({ store: ss.serverURI, luid, announced: pending.size, received: whole.length }, 'large object size mismatch');
    return { status: StatusCode.sizeMismatch };
  }
  const assembled: Item = { ...item, data: whole.toString('utf8') };
  delete assembled.dataBinary;
  delete assembled.moreData;
  const assembledMeta: Meta = { ...(item.meta ?? {}) };
  if (pending.type !== undefined) assembledMeta.type ??= pending.type;
  if (pending.format !== undefined) assembledMeta.format ??= pending.format;
  assembled.meta = assembledMeta;
  return { item: assembled };
}

/** A chunked item whose end never came: the client is told with Alert 223, the chunks dropped. */
export function noEndOfData(pending: PendingChunk, ctx: MessageContext): void {
  delete ctx.session.pendingChunk;
  ctx.log.warn({ store: pending.store, luid: pending.luid }, 'large object: end of data never came');
  ctx.reply.add({ kind: 'Alert', cmdID: '', data: AlertCode.noEndOfData, items: [{ source: { locURI: pending.luid } }] });
}
