// Package 4: our changes to the client, one Sync per store, as many as fit in the
// client's MaxMsgSize; what doesn't fit waits for the next message.
import { clientTypeFor, formatFor } from '../convert/formats.ts';
import { encryptItem } from '../convert/item-encryption/index.ts';
import { preferredTypes } from './device-info.ts';
import type { Command, ItemCommand, Sync } from '../protocol/model.ts';
import type { MessageContext } from './context.ts';
import type { OutgoingChange, SentCommand, StoreSession } from './session-state.ts';
import { AlertCode } from '../protocol/codes.ts';
import { describeError } from './store-errors.ts';
import { storeFormat } from './store-view.ts';

const readBatch = 100;

/** Adds what fits; returns true when every store's changes have been sent. */
export async function fillPackage4(ctx: MessageContext): Promise<boolean> {
  for (const ss of Object.values(ctx.session.stores)) {
    // One-way and refresh from the client (202/203) get no Sync back; every other alert does.
    const oneWayUp = ss.plan.alert === AlertCode.oneWayFromClient || ss.plan.alert === AlertCode.refreshFromClient;
    if ((oneWayUp || ss.backupPrefix !== undefined) && ss.outgoing.length === 0) continue;
    const done = await fillStore(ss, ctx);
    if (!done) return false;
  }
  return true;
}

async function fillStore(ss: StoreSession, ctx: MessageContext): Promise<boolean> {
  if (ss.syncSent && ss.sentCount >= ss.outgoing.length) return true;
  const sync: Sync = { kind: 'Sync', cmdID: '', target: { locURI: ss.clientURI }, source: { locURI: ss.serverURI }, commands: [] };
  const format = storeFormat(ss);
  const devinf = await ctx.clientDevInf();
  // NumberOfChanges (SyncML 1.1+) in the first Sync of the store, when the client can take it.
  if (!ss.syncSent && ctx.session.version !== '1.0' && devinf?.supportNumberOfChanges === true) sync.numberOfChanges = ss.outgoing.length;
  // DevInf that came after the alert (Results of our Get) decides the format, unless the client's items did.
  if (!ss.syncSent && ss.clientTypeFromItems !== true && format !== undefined) ss.clientType = clientTypeFor(format, [...preferredTypes(devinf, ss.clientURI), ss.clientType]);
  if (!ctx.reply.fits(ctx.deps.sizeOf(sync)) && ctx.reply.hasCommands) return false;
  ctx.reply.place(sync);
  ss.syncSent = true;
  const store = await ctx.store(ss);
  const device = await ctx.device(ss.stateKey);
  const largeObjects = devinf?.supportLargeObjs === true;
  if (ss.outChunk !== undefined && !sendPiece(ss, sync, ctx)) return false;
  while (ss.sentCount < ss.outgoing.length) {
    const batch = ss.outgoing.slice(ss.sentCount, ss.sentCount + readBatch);
    const wanted = batch.filter((c) => c.op !== 'Delete').map((c) => c.guid);
    const items = new Map((await store.read(wanted)).map((i) => [i.id, i]));
    for (const change of batch) {
      const command = buildCommand(change, items.get(change.guid), ss, ctx, format);
      if (command === undefined) {
        ss.sentCount++;
        if (change.op === 'Delete') delete device.items[change.guid];
        continue;
      }
      placeInFolder(command.cmd, items.get(change.guid)?.parent, device, ctx);
      const size = ctx.deps.sizeOf(command.cmd);
      const uid = command.data === undefined ? undefined : format?.uidOf(command.data);
      const track: SentCommand = {
        store: ss.serverURI,
        op: change.op,
        guid: change.guid,
        ...(command.etag === undefined ? {} : { etag: command.etag }),
        ...(uid === undefined ? {} : { uid }),
      };
      if (!ctx.reply.fits(size)) {
        if (largeObjects && command.data !== undefined && ctx.reply.room > minPiece * 2) {
          // Too large for the room left: sent in pieces (MoreData), the first one now.
          ss.outChunk = { cmd: command.cmd as ItemCommand, track, sent: 0 };
          if (!sendPiece(ss, sync, ctx)) return false;
          continue;
        }
        // Always place at least one item, so that an item larger than a message still goes.
        if (sync.commands.length > 0) return false;
      }
      ctx.reply.addNested(sync, command.cmd, track);
      counted(ss, change.op);
    }
  }
  return true;
}

const minPiece = 512;

function counted(ss: StoreSession, op: OutgoingChange['op']): void {
  ss.sentCount++;
  if (op === 'Add') ss.stats.sentAdds++;
  else if (op === 'Replace') ss.stats.sentReplaces++;
  else ss.stats.sentDeletes++;
}

/**
 * Sends the next piece of a large object (OMA DS RepPro, MoreData): as much as the message
 * holds, cut at a character boundary; the first piece announces the whole Size. Returns true
 * when the last piece went out (the object is then tracked like any command).
 */
function sendPiece(ss: StoreSession, sync: Sync, ctx: MessageContext): boolean {
  const chunk = ss.outChunk!;
  const item = chunk.cmd.items[0]!;
  const whole = Buffer.from(item.data ?? '', 'utf8');
  const empty: ItemCommand = { ...chunk.cmd, items: [{ ...item, data: '', moreData: true, meta: { size: whole.length } }] };
  // Room for data; CDATA needs a little more when the text holds `]]>`.
  const room = ctx.reply.room - ctx.deps.sizeOf(empty) - 64;
  let end = Math.min(whole.length, chunk.sent + Math.max(room, minPiece));
  while (end < whole.length && end > chunk.sent && (whole[end]! & 0xc0) === 0x80) end--;
  const last = end >= whole.length;
  const piece: ItemCommand = {
    ...chunk.cmd,
    items: [{ ...item, data: whole.subarray(chunk.sent, end).toString('utf8'), ...(chunk.sent === 0 ? { meta: { ...(item.meta ?? {}), size: whole.length } } : {}), ...(last ? {} : { moreData: true }) }],
  };
  chunk.sent = end;
  if (last) {
    ctx.reply.addNested(sync, piece, chunk.track);
    delete ss.outChunk;
    counted(ss, chunk.track.op);
    return true;
  }
  ctx.reply.addNested(sync, piece);
  return false;
}

function buildCommand(
  change: OutgoingChange,
  item: { data: string; etag: string; contentType?: string } | undefined,
  ss: StoreSession,
  ctx: MessageContext,
  format: ReturnType<typeof formatFor>,
): { cmd: Command; etag?: string; data?: string } | undefined {
  if (change.op === 'Delete') {
    if (change.luid === undefined) return undefined;
    const cmd: ItemCommand = { kind: 'Delete', cmdID: '', items: [{ target: { locURI: change.luid } }] };
    return { cmd };
  }
  if (item === undefined || format === undefined) return undefined; // gone since the listing
  let data: string;
  try {
    // Folder items go as they are (OMA DS folder objects); the rest in the client's format.
    data = item.contentType === undefined ? format.toClient(item.data, ss.clientType) : item.data;
    if (ss.itemFormat !== undefined) data = encryptItem(data, ss.itemFormat, ctx.credentials.password);
  } catch (error) {
    ctx.log.warn({ store: ss.serverURI, guid: change.guid, error: describeError(error) }, 'server item cannot be converted; not sent');
    return undefined;
  }
  const replace = change.op === 'Replace' && change.luid !== undefined;
  const cmd: ItemCommand = {
    kind: replace ? 'Replace' : 'Add',
    cmdID: '',
    meta: { type: item.contentType ?? ss.clientType },
    items: [
      {
        ...(replace ? { target: { locURI: change.luid ?? '' }, ...sourceOf(change.guid, ss, ctx, false) } : sourceOf(change.guid, ss, ctx, true)),
        ...(ss.itemFormat === undefined ? {} : { meta: { format: ss.itemFormat } }),
        data,
      },
    ],
  };
  if (!replace) change.op = 'Add';
  return item.contentType === undefined ? { cmd, etag: item.etag, data: item.data } : { cmd, etag: item.etag };
}

/**
 * The folder of an item in a hierarchy (OMA DS 1.2 Item TargetParent / SourceParent): the
 * client's own id of the folder once it mapped it, else the id we sent the folder under (it
 * came earlier in this package, and the client resolves it among the items it just added).
 */
function placeInFolder(cmd: Command, parent: string | undefined, device: { items: Record<string, { luid?: string }> }, ctx: MessageContext): void {
  if (parent === undefined || (cmd.kind !== 'Add' && cmd.kind !== 'Replace')) return;
  const item = cmd.items[0];
  if (item === undefined) return;
  const luid = device.items[parent]?.luid;
  if (luid !== undefined) {
    item.targetParent = { locURI: luid };
    return;
  }
  const temp = Object.entries(ctx.session.tempIds ?? {}).find(([, guid]) => guid === parent)?.[0];
  item.sourceParent = { locURI: temp ?? parent };
}

/**
 * The id the client sees for a server item: the GUID itself, or, when it is longer than the
 * client's MaxGUIDSize (a P900 keeps 4 bytes), a short temporary id that its Map translates
 * back. A Replace can leave its Source out instead.
 */
function sourceOf(guid: string, ss: StoreSession, ctx: MessageContext, required: boolean): { source?: { locURI: string } } {
  const max = ss.maxGUIDSize;
  if (max === undefined || max <= 0 || Buffer.byteLength(guid) <= max) return { source: { locURI: guid } };
  if (!required) return {};
  const session = ctx.session;
  session.tempIds ??= {};
  session.nextTempId ??= 1;
  const temp = (session.nextTempId++).toString(36);
  session.tempIds[temp] = guid;
  return { source: { locURI: temp } };
}
