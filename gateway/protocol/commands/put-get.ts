// Put and Get: CmdID, NoResp?, Lang?, Cred?, Meta?, Item+ (RepPro 1.2 sections 6.6.7, 6.6.10);
// in practice the exchange of device information (./devinf11, ./devinf12).
import { child, childText, element, type Element } from '../../codec/element.ts';
import { flag, optionalCred, optionalFlag, optionalText, readCred, requiredText } from '../common.ts';
import { readItems, writeItem } from '../item.ts';
import { readMeta, writeMeta } from '../meta.ts';
import type { Get, Put } from '../model.ts';
import type { CommandCodec } from './command-codec.ts';

/** Put and Get <-> model (`kind` tells them apart). */
export const putGet: CommandCodec<Put | Get> = {
  read(el: Element): Put | Get {
    const cmd: Put | Get = {
      kind: el.name === 'Get' ? 'Get' : 'Put',
      cmdID: requiredText(el, 'CmdID'),
      items: readItems(el),
    };
    if (flag(el, 'NoResp')) cmd.noResp = true;
    const lang = childText(el, 'Lang');
    if (lang !== undefined) cmd.lang = lang;
    const cred = readCred(el);
    if (cred !== undefined) cmd.cred = cred;
    const meta = child(el, 'Meta');
    if (meta !== undefined) cmd.meta = readMeta(meta);
    return cmd;
  },
  write(cmd: Put | Get): Element {
    return element(cmd.kind, [
      ...optionalText('CmdID', cmd.cmdID),
      ...optionalFlag('NoResp', cmd.noResp),
      ...optionalText('Lang', cmd.lang),
      ...optionalCred(cmd.cred),
      ...(cmd.meta === undefined ? [] : [writeMeta(cmd.meta)]),
      ...cmd.items.map(writeItem),
    ]);
  },
};
