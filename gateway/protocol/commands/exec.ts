// Exec: CmdID, NoResp?, Cred?, Meta?, Correlator?, Item (RepPro 1.2 section 6.6.6); the
// gateway never executes anything, but reads it whole to answer and log it.
import { child, childText, element, type Element } from '../../codec/element.ts';
import { flag, optionalCred, optionalFlag, optionalText, readCred, requiredText } from '../common.ts';
import { readItems, writeItem } from '../item.ts';
import { readMeta, writeMeta } from '../meta.ts';
import type { Exec } from '../model.ts';
import type { CommandCodec } from './command-codec.ts';

/** Exec <-> model. */
export const exec: CommandCodec<Exec> = {
  read(el: Element): Exec {
    const cmd: Exec = { kind: 'Exec', cmdID: requiredText(el, 'CmdID'), items: readItems(el) };
    if (flag(el, 'NoResp')) cmd.noResp = true;
    const cred = readCred(el);
    if (cred !== undefined) cmd.cred = cred;
    const meta = child(el, 'Meta');
    if (meta !== undefined) cmd.meta = readMeta(meta);
    const correlator = childText(el, 'Correlator');
    if (correlator !== undefined) cmd.correlator = correlator;
    return cmd;
  },
  write(cmd: Exec): Element {
    return element('Exec', [
      ...optionalText('CmdID', cmd.cmdID),
      ...optionalFlag('NoResp', cmd.noResp),
      ...optionalCred(cmd.cred),
      ...(cmd.meta === undefined ? [] : [writeMeta(cmd.meta)]),
      ...optionalText('Correlator', cmd.correlator),
      ...cmd.items.map(writeItem),
    ]);
  },
};
