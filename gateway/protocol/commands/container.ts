// Atomic and Sequence: CmdID, NoResp?, Meta?, then the commands they group, in order
// (RepPro 1.2 sections 6.6.3 and 6.6.13).
import { child, element, type Element } from '../../codec/element.ts';
import { flag, optionalFlag, optionalText, requiredText } from '../common.ts';
import { readMeta, writeMeta } from '../meta.ts';
import type { Atomic } from '../model.ts';
import type { CommandCodec, NestedCommands } from './command-codec.ts';

const CONTAINER_FIELDS = new Set(['CmdID', 'NoResp', 'Meta']);

/** Atomic and Sequence <-> model (`kind` tells them apart). */
export const container: CommandCodec<Atomic> = {
  read(el: Element, nested: NestedCommands): Atomic {
    const cmd: Atomic = {
      kind: el.name === 'Sequence' ? 'Sequence' : 'Atomic',
      cmdID: requiredText(el, 'CmdID'),
      commands: el.children.filter((c) => !CONTAINER_FIELDS.has(c.name)).map((c) => nested.read(c)),
    };
    if (flag(el, 'NoResp')) cmd.noResp = true;
    const meta = child(el, 'Meta');
    if (meta !== undefined) cmd.meta = readMeta(meta);
    return cmd;
  },
  write(cmd: Atomic, nested: NestedCommands): Element {
    return element(cmd.kind, [
      ...optionalText('CmdID', cmd.cmdID),
      ...optionalFlag('NoResp', cmd.noResp),
      ...(cmd.meta === undefined ? [] : [writeMeta(cmd.meta)]),
      ...cmd.commands.map((c) => nested.write(c)),
    ]);
  },
};
