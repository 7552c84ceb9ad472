// Applies the client's Add / Replace / Delete items to the backend store and answers each
// with its status; the device state learns the new ids and versions.
import { ConvertError } from '../convert/vcard/index.ts';
import { formatFor } from '../convert/formats.ts';
import type { DataStore } from '../ports/data-store.ts';
import { StatusCode } from '../protocol/codes.ts';
import type { Item, ItemCommand, Meta } from '../protocol/model.ts';
import type { MessageContext } from './context.ts';
import { luidIndex, type DeviceItem, type DeviceStoreState } from './device-state.ts';
import type { StoreSession } from './session-state.ts';
import { describeError, statusForError } from './store-errors.ts';

interface ItemTarget {
  ss: StoreSession;
  device: DeviceStoreState;
  store: DataStore;
  /** LUID -> GUID, kept current while items are applied. */
  index: Map<string, string>;
}

export function itemTarget(ss: StoreSession, device: DeviceStoreState, store: DataStore): ItemTarget {
  return { ss, device, store, index: luidIndex(device) };
}

export async function applyClientCommand(cmd: ItemCommand, syncMeta: Meta | undefined, target: ItemTarget, ctx: MessageContext): Promise<void> {
  for (const item of cmd.items) {
    const luid = item.source?.locURI ?? item.target?.locURI ?? '';
    let code: number;
    try {
      code = await applyItem(cmd, item, luid, syncMeta, target, ctx);
    } catch (error) {
      code = error instanceof ConvertError ? (error.kind === 'unsupported-format' ? StatusCode.unsupportedMediaType : StatusCode.badRequest) : statusForError(error);
      target.ss.stats.failed++;
      ctx.log.warn({ store: target.ss.serverURI, op: cmd.kind, luid, status: code, error: describeError(error) }, 'client item not applied');
    }
    if (cmd.noResp !== true) ctx.reply.status(cmd.kind, cmd.cmdID, code, { source: [luid] });
  }
}

async function applyItem(cmd: ItemCommand, item: Item, luid: string, syncMeta: Meta | undefined, t: ItemTarget, ctx: MessageContext): Promise<number> {
  const { ss, device, store, index } = t;
  if (luid.length === 0) return StatusCode.incompleteCommand;
  const guid = index.get(luid) ?? (item.target?.locURI !== undefined && device.items[item.target.locURI] !== undefined ? item.target.locURI : undefined);
  switch (cmd.kind) {
    case 'Add':
    case 'Replace': {
      const data = itemData(item, cmd.meta ?? syncMeta);
      if (data === undefined) return StatusCode.incompleteCommand;
      const type = (item.meta?.type ?? cmd.meta?.type ?? syncMeta?.type ?? ss.clientType).toLowerCase();
      const format = formatFor(ss.kind);
      if (format === undefined || !format.clientTypes.includes(type)) {
        ctx.log.warn({ store: ss.serverURI, luid, type }, 'unsupported item format');
        return StatusCode.unsupportedMediaType;
      }
      ss.clientType = type;
      const known = guid === undefined ? undefined : device.items[guid];
      if (guid !== undefined && known !== undefined) {
        // A change the server also made since the last sync: the server's version wins.
        const pending = ss.outgoing.findIndex((c) => c.guid === guid && c.op === 'Replace');
        if (pending >= ss.sentCount && ss.mode === 'two-way') {
          ctx.log.info({ store: ss.serverURI, luid, guid }, 'conflict: changed on both sides, server wins');
          return StatusCode.conflictResolvedServerWins;
        }
        const uid = known.uid ?? (await serverUid(store, guid, format.uidOf));
        const version = await store.update(guid, format.toServer(data, type, uid));
        device.items[guid] = withUid({ luid, etag: version.etag }, uid);
        markTouched(ss, guid);
        ss.stats.replaced++;
        return cmd.kind === 'Add' ? StatusCode.itemAdded : StatusCode.ok;
      }
      const serverData = format.toServer(data, type);
      const version = await store.create(serverData);
      device.items[version.id] = withUid({ luid, etag: version.etag }, format.uidOf(serverData));
      index.set(luid, version.id);
      markTouched(ss, version.id);
      ss.stats.added++;
      return StatusCode.itemAdded;
    }
    case 'Delete': {
      if (guid === undefined) return StatusCode.ok; // not known here: nothing to delete
      const pending = ss.outgoing.findIndex((c) => c.guid === guid && c.op === 'Replace');
      if (pending >= ss.sentCount && ss.mode === 'two-way') {
        // The server changed what the client deleted: keep the server's and give it back.
        const change = ss.outgoing[pending];
        if (change !== undefined) {
          change.op = 'Add';
          delete change.luid;
        }
        delete device.items[guid];
        index.delete(luid);
        ctx.log.info({ store: ss.serverURI, luid, guid }, 'conflict: deleted on client, changed on server; server wins');
        return StatusCode.conflictResolvedServerWins;
      }
      await store.remove(guid);
      delete device.items[guid];
      index.delete(luid);
      ss.outgoing = ss.outgoing.filter((c, i) => i < ss.sentCount || c.guid !== guid);
      markTouched(ss, guid);
      ss.stats.deleted++;
      return StatusCode.ok;
    }
    default:
      return StatusCode.optionalFeatureNotSupported;
  }
}

/** The UID of the stored item (read once when the device state does not know it). */
async function serverUid(store: DataStore, guid: string, uidOf: (data: string) => string | undefined): Promise<string | undefined> {
  const [item] = await store.read([guid]);
  return item === undefined ? undefined : uidOf(item.data);
}

function withUid(item: DeviceItem, uid: string | undefined): DeviceItem {
  if (uid !== undefined) item.uid = uid;
  return item;
}

function markTouched(ss: StoreSession, guid: string): void {
  ss.touched.push(guid);
  if (ss.mode === 'slow' || ss.mode === 'refresh-from-client') ss.matched.push(guid);
  // A change of ours queued for this item is superseded by the client's.
  ss.outgoing = ss.outgoing.filter((c, i) => i < ss.sentCount || c.guid !== guid);
}

/** The item's text, decoded from base64 when its Format says b64. */
function itemData(item: Item, meta: Meta | undefined): string | undefined {
  const format = item.meta?.format ?? meta?.format;
  if (item.data === undefined) return item.dataBinary === undefined ? undefined : new TextDecoder().decode(item.dataBinary);
  return format === 'b64' ? Buffer.from(item.data, 'base64').toString('utf8') : item.data;
}
