// Add, Replace, Delete, Copy, Move: CmdID, NoResp?, (Delete: Archive?, SftDel?), Cred?,
// Meta?, Item+ (RepPro 1.2 sections 6.6.1, 6.6.4, 6.6.5, 6.6.9, 6.6.11).
import { child, element, type Element } from '../../codec/element.ts';
import { flag, optionalCred, optionalFlag, optionalText, readCred, requiredText } from '../common.ts';
import { readItems, writeItem } from '../item.ts';
import { readMeta, writeMeta } from '../meta.ts';
import type { ItemCommand, ItemCommandKind } from '../model.ts';
import type { CommandCodec } from './command-codec.ts';

/** Add, Replace, Delete, Copy, Move <-> model (`kind` is the element name). */
export const itemCommand: CommandCodec<ItemCommand> = {
  read(el: Element): ItemCommand {
    const cmd: ItemCommand = {
      kind: el.name as ItemCommandKind,
      cmdID: requiredText(el, 'CmdID'),
      items: readItems(el),
    };
    if (flag(el, 'NoResp')) cmd.noResp = true;
    if (flag(el, 'Archive')) cmd.archive = true;
    if (flag(el, 'SftDel')) cmd.softDelete = true;
    const cred = readCred(el);
    if (cred !== undefined) cmd.cred = cred;
    const meta = child(el, 'Meta');
    if (meta !== undefined) cmd.meta = readMeta(meta);
    return cmd;
  },
  write(cmd: ItemCommand): Element {
    return element(cmd.kind, [
      ...optionalText('CmdID', cmd.cmdID),
      ...optionalFlag('NoResp', cmd.noResp),
      ...optionalFlag('Archive', cmd.archive),
      ...optionalFlag('SftDel', cmd.softDelete),
      ...optionalCred(cmd.cred),
      ...(cmd.meta === undefined ? [] : [writeMeta(cmd.meta)]),
      ...cmd.items.map(writeItem),
    ]);
  },
};
