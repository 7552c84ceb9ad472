// Applies the client's Add / Replace / Delete items as the store's method says (SPEC item 4)
// and answers each with its status; the device state learns the new ids and versions.
import { ConvertError } from '../convert/vcard/index.ts';
import type { ContentFormat } from '../convert/formats.ts';
import { calendarItemKind } from '../convert/calendar-component.ts';
import { folderType } from '../convert/folder-object.ts';
import type { DataStore, Placement, StoredItem } from '../ports/data-store.ts';
import { StoreError } from '../ports/data-store.ts';
import { StatusCode } from '../protocol/codes.ts';
import type { Item, ItemCommand, Meta } from '../protocol/model.ts';
import { backupItem } from './backup.ts';
import { ItemEncryptionError } from '../convert/item-encryption/index.ts';
import { itemData } from './item-data.ts';
import { basisEtag, changedMeanwhile } from './conditional-write.ts';
import { sameVersitContent } from '../convert/versit/same-content.ts';
import { dataStoreOf } from './device-info.ts';
import { supportedProperties as propertiesOf } from '../protocol/devinf.ts';
import { assemble } from './chunks.ts';
import { decideConflict, resolveConflict } from './conflicts.ts';
import type { MessageContext } from './context.ts';
import { luidIndex, type DeviceItem, type DeviceStoreState } from './device-state.ts';
import { matchServerItem } from './slow-match.ts';
import { applyFolderItem, isFolder } from './folder-changes.ts';
import { storeFormat } from './store-view.ts';
import { resolveStore } from './store-names.ts';
import type { StoreSession } from './session-state.ts';
import { describeError, statusForError } from './store-errors.ts';

export interface ItemTarget {
  ss: StoreSession;
  device: DeviceStoreState;
  store: DataStore;
  /** LUID -> GUID, kept current while items are applied. */
  index: Map<string, string>;
  /** `ss.matched` as a set, kept current likewise. */
  matched: Set<string>;
}

export function itemTarget(ss: StoreSession, device: DeviceStoreState, store: DataStore): ItemTarget {
  return { ss, device, store, index: luidIndex(device), matched: new Set(ss.matched) };
}

export async function applyClientCommand(cmd: ItemCommand, syncMeta: Meta | undefined, target: ItemTarget, ctx: MessageContext): Promise<void> {
  for (const item of cmd.items) {
    const luid = item.source?.locURI ?? item.target?.locURI ?? '';
    let code: number;
    try {
      const chunk = assemble(cmd, item, luid, syncMeta, target.ss, ctx);
      code = 'status' in chunk ? chunk.status : await applyItem(cmd, chunk.item, luid, syncMeta, target, ctx);
    } catch (error) {
      code =
        error instanceof ConvertError
          ? error.kind === 'unsupported-format'
            ? StatusCode.unsupportedMediaType
            : StatusCode.badRequest
          : statusForError(error);
      target.ss.stats.failed++;
      ctx.log.warn({ store: target.ss.serverURI, op: cmd.kind, luid, status: code, error: describeError(error) }, 'client item not applied');
    }
    if (cmd.noResp !== true) ctx.reply.status(cmd.kind, cmd.cmdID, code, { source: [luid] });
  }
}

/** What a client item carries, read once. */
interface Incoming {
  op: 'Add' | 'Replace' | 'Delete';
  luid: string;
  data: string;
  type: string;
  format: ContentFormat;
  /** The folder (server id) the client put the item in, in a store of folders. */
  parent?: string;
}

async function applyItem(cmd: ItemCommand, item: Item, luid: string, syncMeta: Meta | undefined, t: ItemTarget, ctx: MessageContext): Promise<number> {
  const { ss, index } = t;
  if (luid.length === 0) return StatusCode.incompleteCommand;
  if (cmd.kind !== 'Add' && cmd.kind !== 'Replace' && cmd.kind !== 'Delete') return StatusCode.optionalFeatureNotSupported;
  let format = storeFormat(ss);
  if (format === undefined) return StatusCode.notFound;
  let incoming: Incoming = { op: cmd.kind, luid, data: '', type: ss.clientType, format };
  let folderItem = cmd.kind === 'Delete' && isFolder(t, index.get(luid));
  if (cmd.kind !== 'Delete') {
    let data: string | undefined;
    try {
      data = itemData(item, cmd.meta ?? syncMeta, ss, ctx.credentials.password);
    } catch (error) {
      if (!(error instanceof ItemEncryptionError)) throw error;
      ctx.log.warn({ store: ss.serverURI, luid, reason: error.reason }, 'encrypted item cannot be decrypted');
      return error.reason === 'unsupported-format' ? StatusCode.unsupportedMediaType : StatusCode.badRequest;
    }
    if (data === undefined) return StatusCode.incompleteCommand;
    const type = (item.meta?.type ?? cmd.meta?.type ?? syncMeta?.type ?? ss.clientType).toLowerCase().split(';')[0]!.trim();
    folderItem = ss.view === 'folders' && type === folderType;
    if (!folderItem && !format.clientTypes.includes(type)) {
      ctx.log.warn({ store: ss.serverURI, luid, type }, 'unsupported item format');
      return StatusCode.unsupportedMediaType;
    }
    if (!folderItem) {
      ss.clientType = type;
      ss.clientTypeFromItems = true;
      await turnsCombined(ss, data, t, ctx);
      format = storeFormat(ss)!;
    }
    incoming = { ...incoming, data, type, format };
  }
  if (ss.view === 'folders' && !folderItem) {
    const parent = parentOf(item, t, ctx);
    if (parent !== undefined) incoming.parent = parent;
  }
  if (folderItem && ss.backupPrefix !== undefined) return StatusCode.ok; // folders are not backed up
  if (ss.backupPrefix !== undefined) return backupItem(incoming.op, incoming.data, incoming.type, ss, format, ctx);
  const guid = index.get(luid);
  switch (ss.plan.clientItems) {
    case 'ignore':
      ctx.log.info({ store: ss.serverURI, luid, op: incoming.op }, 'client change not applied (one-way to the client)');
      return StatusCode.ok;
    case 'delete-on-client':
      if (incoming.op !== 'Delete') queueClientDelete(t, luid, guid);
      return StatusCode.ok;
    case 'refresh-client':
      if (incoming.op === 'Delete') return StatusCode.ok;
      if (guid !== undefined && t.device.items[guid] !== undefined) {
        ss.outgoing.push({ op: 'Replace', guid, luid });
        match(t, guid);
      } else {
        queueClientDelete(t, luid, guid);
      }
      return StatusCode.ok;
    default:
      if (folderItem) return applyFolderItem(incoming.op, luid, incoming.data, t, ctx);
      return incoming.op === 'Delete' ? deleteItem(incoming, guid, t, ctx) : writeItem(incoming, guid, t, ctx);
  }
}

function queueClientDelete(t: ItemTarget, luid: string, guid: string | undefined): void {
  t.ss.outgoing.push({ op: 'Delete', guid: guid ?? '', luid });
  if (guid !== undefined) delete t.device.items[guid];
  t.index.delete(luid);
}

async function deleteItem(incoming: Incoming, guid: string | undefined, t: ItemTarget, ctx: MessageContext): Promise<number> {
  const { ss, device, store, index } = t;
  if (guid === undefined) return StatusCode.ok; // not known here: nothing to delete
  const pending = pendingChange(ss, guid);
  let conflict = false;
  if (pending !== undefined && pending.op === 'Replace') {
    const winner = await resolveConflict('delete', incoming, guid, t, ctx);
    if (winner === 'server') return serverCopyBack(t, guid, incoming.luid);
    dropPending(ss, guid);
    conflict = true;
  }
  const basis = basisEtag(t, guid);
  try {
    await store.remove(guid, basis);
  } catch (error) {
    const fresh = await changedMeanwhile(error, basis, guid, t);
    if (fresh !== undefined) {
      // Changed on the server after the version the client's deletion was weighed against.
      changedWhileApplying(t, guid, incoming, ctx);
      const winner = decideConflict('delete', incoming, guid, fresh, t, ctx);
      if (winner === 'server') return serverCopyBack(t, guid, incoming.luid);
      await store.remove(guid, fresh.etag); // once: a second failure is this item's error
      conflict = true;
    }
  }
  delete device.items[guid];
  index.delete(incoming.luid);
  markTouched(t, guid);
  ss.stats.deleted++;
  return conflict ? StatusCode.conflictResolvedClientWins : StatusCode.ok;
}

/** Server wins over a client's deletion: the server's version goes back to the client as a new item. */
function serverCopyBack(t: ItemTarget, guid: string, luid: string): number {
  sendServerCopy(t, guid);
  t.index.delete(luid);
  return StatusCode.conflictResolvedServerWins;
}

/**
 * The client no longer holds server item `guid` (it deleted it, or keeps its own copy under a
 * new server id): the server's version goes to it as an Add.
 */
function sendServerCopy(t: ItemTarget, guid: string): void {
  const { ss } = t;
  const pending = pendingChange(ss, guid);
  if (pending !== undefined) {
    pending.op = 'Add';
    delete pending.luid;
  } else if (!ss.plan.full || ss.changesComputed || ss.plan.serverItems === 'none') {
    // (A full sync whose listing is still to come sends every unmatched item anyway.)
    ss.outgoing.push({ op: 'Add', guid });
  }
  delete t.device.items[guid];
}

/**
 * Server wins over a client's change: the device keeps its id for the item and gets the
 * server's version. `seen` is the server version the decision was made against.
 */
function keepServerVersion(t: ItemTarget, guid: string, luid: string, seen?: string): number {
  const { ss, device } = t;
  const pending = pendingChange(ss, guid);
  if (pending === undefined) ss.outgoing.push({ op: 'Replace', guid, luid });
  else if (pending.op === 'Delete') pending.luid = luid;
  adopt(t, guid, luid, device.items[guid] ?? { etag: '' });
  if (seen !== undefined) (ss.listedEtags ??= {})[guid] = seen;
  ss.stats.conflicts++;
  return StatusCode.conflictResolvedServerWins;
}

function changedWhileApplying(t: ItemTarget, guid: string, incoming: Incoming, ctx: MessageContext): void {
  ctx.log.info({ store: t.ss.serverURI, guid, luid: incoming.luid, client: incoming.op }, 'item changed on the server while the client change was applied: resolved as a conflict');
}

async function writeItem(incoming: Incoming, known: string | undefined, t: ItemTarget, ctx: MessageContext): Promise<number> {
  const { ss, device } = t;
  const { format } = incoming;
  if (ss.plan.clientItems === 'apply-all-fresh') return createItem(incoming, t);
  let guid = known !== undefined && device.items[known] !== undefined ? known : undefined;
  // Converted once: matched with it, and stored as it is when it matches nothing.
  let converted: string | undefined;
  if (guid === undefined && ss.plan.clientItems === 'apply-all') {
    // Slow sync: an item the server may hold already, under another id.
    converted = format.toServer(incoming.data, incoming.type);
    guid = await matchServerItem(converted, t, ctx);
  }
  if (guid === undefined) return createItem(incoming, t, false, converted);
  const pending = pendingChange(ss, guid);
  const supported = format.merge === undefined ? undefined : await supportedProperties(ss, incoming.type, ctx);
  const slowCompare = ss.plan.full && !ss.plan.deleteUnmatchedOnServer;
  // A full sync reads the copy it writes over: the write is conditional on that version.
  const needCurrent = format.merge !== undefined || ss.plan.full || device.items[guid]?.uid === undefined;
  const [current] = needCurrent ? await t.store.read([guid]) : [];
  const uid = device.items[guid]?.uid ?? (current === undefined ? undefined : format.uidOf(current.data));
  const clientData = format.toServer(incoming.data, incoming.type, uid);
  // What the device cannot store (by its CTCap, or its format) stays as the server has it.
  const mergedWith = (server: StoredItem | undefined) =>
    server !== undefined && format.merge !== undefined ? format.merge(server.data, clientData, supported, incoming.type) : clientData;
  let serverData = mergedWith(current);
  let conflict = pending !== undefined && !ss.plan.full;
  if (slowCompare) {
    // Slow sync: the same item on both sides; equal copies need nothing, different ones are a conflict.
    if (current !== undefined && sameVersitContent(current.data, serverData)) {
      adopt(t, guid, incoming.luid, { etag: current.etag, ...(uid === undefined ? {} : { uid }) });
      return StatusCode.ok;
    }
    conflict = current !== undefined;
  }
  if (conflict) {
    const winner = await resolveConflict('change', incoming, guid, t, ctx, serverData);
    if (winner === 'server') return keepServerVersion(t, guid, incoming.luid);
    if (winner === 'both') return keepBoth(incoming, guid, t);
    dropPending(ss, guid);
    ss.stats.conflicts++;
  }
  if (!conflict && current !== undefined && incoming.parent === undefined && sameVersitContent(current.data, serverData)) {
    // The client sent what the server holds (re-sent after an interruption, or only a new REV),
    // and names no folder to move it to: nothing to write.
    adopt(t, guid, incoming.luid, withUid({ etag: current.etag }, uid));
    markTouched(t, guid);
    return incoming.op === 'Add' ? StatusCode.itemAdded : StatusCode.ok;
  }
  let basis = basisEtag(t, guid, current);
  for (let attempt = 0; ; attempt++) {
    try {
      const version = await t.store.update(guid, serverData, basis, placementOf(incoming));
      if (version.id !== guid) guid = moved(t, guid, version.id);
      adopt(t, guid, incoming.luid, withUid({ etag: version.etag }, uid));
      break;
    } catch (error) {
      // Refused again after the one retry below: this item's error (status 409), nothing applied.
      if (attempt > 0 && error instanceof StoreError && error.kind === 'conflict') throw error;
      const fresh = await changedMeanwhile(error, basis, guid, t);
      if (fresh === undefined) {
        // Deleted on the server meanwhile: the client's change brings it back.
        dropPending(ss, guid);
        delete device.items[guid];
        return createItem(incoming, t);
      }
      // Changed on the server after the version our decision rests on: a conflict after all.
      changedWhileApplying(t, guid, incoming, ctx);
      serverData = mergedWith(fresh);
      const winner = decideConflict('change', incoming, guid, fresh, t, ctx, serverData);
      if (winner === 'server') return keepServerVersion(t, guid, incoming.luid, fresh.etag);
      if (winner === 'both') return keepBoth(incoming, guid, t);
      if (!conflict) ss.stats.conflicts++;
      conflict = true;
      basis = fresh.etag; // the client's change once more, over the version just read
    }
  }
  markTouched(t, guid);
  ss.stats.replaced++;
  return conflict ? StatusCode.conflictResolvedClientWins : incoming.op === 'Add' ? StatusCode.itemAdded : StatusCode.ok;
}

/** Keep both: the client's copy becomes a new server item; the server's goes to the client. */
async function keepBoth(incoming: Incoming, guid: string, t: ItemTarget): Promise<number> {
  sendServerCopy(t, guid);
  t.ss.stats.conflicts++;
  await createItem({ ...incoming }, t, true);
  return StatusCode.conflictResolvedWithDuplicate;
}

/** Creates a server item from the client's; `freshUid` gives it a UID of its own (kept duplicates). */
async function createItem(incoming: Incoming, t: ItemTarget, freshUid = false, converted?: string): Promise<number> {
  const { ss, device, store, index } = t;
  const { format } = incoming;
  const serverData = (freshUid ? undefined : converted) ?? format.toServer(incoming.data, incoming.type, freshUid ? crypto.randomUUID() : undefined);
  const version = await store.create(serverData, placementOf(incoming));
  device.items[version.id] = withUid({ luid: incoming.luid, etag: version.etag }, format.uidOf(serverData));
  index.set(incoming.luid, version.id);
  markTouched(t, version.id);
  ss.stats.added++;
  return StatusCode.itemAdded;
}

/** The device now holds server item `guid` under `luid`. */
export function adopt(t: ItemTarget, guid: string, luid: string, item: DeviceItem): void {
  t.device.items[guid] = { ...item, luid };
  t.index.set(luid, guid);
  if (t.ss.plan.full) match(t, guid);
}

function pendingChange(ss: StoreSession, guid: string) {
  return ss.outgoing.slice(ss.sentCount).find((c) => c.guid === guid);
}

function dropPending(ss: StoreSession, guid: string): void {
  ss.outgoing = ss.outgoing.filter((c, i) => i < ss.sentCount || c.guid !== guid);
}

/** The properties the device's CTCap lists for `type`, when it lists any. */
async function supportedProperties(ss: StoreSession, type: string, ctx: MessageContext): Promise<Set<string> | undefined> {
  const devinf = await ctx.clientDevInf();
  if (devinf === undefined) return undefined;
  return propertiesOf([...(dataStoreOf(devinf, ss.clientURI)?.ctCaps ?? []), ...devinf.ctCaps], type);
}

function placementOf(incoming: Incoming): Placement | undefined {
  return incoming.parent === undefined ? undefined : { parent: incoming.parent };
}

/** The store moved the item (another folder, or an event that became a task): it has a new id. */
function moved(t: ItemTarget, from: string, to: string): string {
  delete t.device.items[from];
  markTouched(t, from);
  return to;
}

/**
 * The server id of the folder a client item names as its parent: TargetParent is our id (or the
 * short id we gave the client), SourceParent the client's own id of the folder.
 */
function parentOf(item: Item, t: ItemTarget, ctx: MessageContext): string | undefined {
  const target = item.targetParent?.locURI;
  if (target !== undefined && target !== '') return ctx.session.tempIds?.[target] ?? target;
  const source = item.sourceParent?.locURI;
  return source === undefined || source === '' ? undefined : t.index.get(source);
}

/**
 * A task sent into an events store that names no collection: the device keeps events and
 * tasks together (a phone without DevInf). From now on the store is served combined, and the
 * device state remembers it for the next sessions.
 */
async function turnsCombined(ss: StoreSession, data: string, t: ItemTarget, ctx: MessageContext): Promise<void> {
  if (ss.kind !== 'events' || ss.view !== undefined || ss.backupPrefix !== undefined) return;
  if (resolveStore(ss.serverURI)?.collection !== undefined || calendarItemKind(data) !== 'VTODO') return;
  ss.view = 'combined';
  t.device.combined = true;
  t.store = await ctx.reopenStore(ss);
  ctx.log.info({ store: ss.serverURI }, 'a task in the events store: served as a combined calendar (events and tasks collections) from now on');
}

function withUid(item: DeviceItem, uid: string | undefined): DeviceItem {
  if (uid !== undefined) item.uid = uid;
  return item;
}

function match(t: ItemTarget, guid: string): void {
  if (t.matched.has(guid)) return;
  t.matched.add(guid);
  t.ss.matched.push(guid);
}

export function markTouched(t: ItemTarget, guid: string): void {
  const { ss } = t;
  ss.touched.push(guid);
  // Our write's version, now in the device state, is what a later write is based on.
  if (ss.listedEtags !== undefined) delete ss.listedEtags[guid];
  if (ss.plan.full) match(t, guid);
  // A change of ours queued for this item is superseded by the client's.
  dropPending(ss, guid);
}
