// Folder items from a client that syncs a hierarchy (SyncML 1.2). The folders are the account's
// collections: a client's folder meets a collection of the same name; creating, renaming and
// deleting collections through SyncML is refused with 405, and a deleted or renamed folder goes
// back to the client as the server has it.
import { readFolderName } from '../convert/folder-object.ts';
import { StatusCode } from '../protocol/codes.ts';
import type { ItemTarget } from './client-changes.ts';
import { adopt, markTouched } from './client-changes.ts';
import type { MessageContext } from './context.ts';
import { MultiStore } from './multi-store.ts';

/** True when `guid` is one of the store's folder items. */
export function isFolder(t: ItemTarget, guid: string | undefined): boolean {
  return guid !== undefined && t.store instanceof MultiStore && t.store.isFolder(guid);
}

export async function applyFolderItem(op: 'Add' | 'Replace' | 'Delete', luid: string, data: string, t: ItemTarget, ctx: MessageContext): Promise<number> {
  const { ss, device, index } = t;
  const held = index.get(luid);
  const known = held !== undefined && device.items[held] !== undefined ? held : undefined;
  if (op === 'Delete') {
    if (known === undefined) return StatusCode.ok;
    delete device.items[known];
    index.delete(luid);
    ss.outgoing.push({ op: 'Add', guid: known });
    ctx.log.warn({ store: ss.serverURI, folder: known, luid }, 'folder delete refused: the collection stays on the server and goes back to the client');
    return StatusCode.commandNotAllowed;
  }
  const name = readFolderName(data);
  const folder = name === undefined ? undefined : folderNamed(t, name);
  if (known !== undefined && folder !== known) {
    ss.outgoing.push({ op: 'Replace', guid: known, luid });
    ctx.log.warn({ store: ss.serverURI, folder: known, luid, name }, 'folder rename refused: collections are not renamed through SyncML');
    return StatusCode.commandNotAllowed;
  }
  if (folder === undefined) {
    ctx.log.warn({ store: ss.serverURI, luid, name }, 'new folder refused: collections are not created through SyncML; its items go to the default collection');
    return StatusCode.commandNotAllowed;
  }
  // The client holds this collection's folder already (a slow sync, or a folder made on both sides).
  const [current] = await t.store.read([folder]);
  adopt(t, folder, luid, { etag: current?.etag ?? '' });
  markTouched(t, folder);
  return StatusCode.ok;
}

/** The folder item whose name (or id) is `name` in any case, if the store has one. */
function folderNamed(t: ItemTarget, name: string): string | undefined {
  if (!(t.store instanceof MultiStore)) return undefined;
  const wanted = name.toLowerCase();
  const folders = t.store.folders();
  return (folders.find((f) => f.name.toLowerCase() === wanted) ?? folders.find((f) => f.id.toLowerCase() === wanted))?.id;
}
