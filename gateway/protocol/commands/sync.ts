// Sync: CmdID, NoResp?, Cred?, Target?, Source?, Meta?, NumberOfChanges?, then the changes
// (Add, Atomic, Copy, Delete, Move, Replace, Sequence) in order (RepPro 1.2 section 6.6.14).
import { child, childText, element, type Element } from '../../codec/element.ts';
import {
  flag, optionalCred, optionalFlag, optionalLocRef, optionalText, parseInteger, readCred,
  readOptionalLocRef, requiredText,
} from '../common.ts';
import { readMeta, writeMeta } from '../meta.ts';
import type { Sync } from '../model.ts';
import type { CommandCodec, NestedCommands } from './command-codec.ts';

const SYNC_FIELDS = new Set(['CmdID', 'NoResp', 'Cred', 'Target', 'Source', 'Meta', 'NumberOfChanges']);

/** Sync <-> model, nested changes through the registry. */
export const sync: CommandCodec<Sync> = {
  read(el: Element, nested: NestedCommands): Sync {
    const cmd: Sync = {
      kind: 'Sync',
      cmdID: requiredText(el, 'CmdID'),
      commands: el.children.filter((c) => !SYNC_FIELDS.has(c.name)).map((c) => nested.read(c)),
    };
    if (flag(el, 'NoResp')) cmd.noResp = true;
    const cred = readCred(el);
    if (cred !== undefined) cmd.cred = cred;
    const target = readOptionalLocRef(el, 'Target');
    if (target !== undefined) cmd.target = target;
    const source = readOptionalLocRef(el, 'Source');
    if (source !== undefined) cmd.source = source;
    const meta = child(el, 'Meta');
    if (meta !== undefined) cmd.meta = readMeta(meta);
    const changes = parseInteger(childText(el, 'NumberOfChanges'));
    if (changes !== undefined) cmd.numberOfChanges = changes;
    return cmd;
  },
  write(cmd: Sync, nested: NestedCommands): Element {
    return element('Sync', [
      ...optionalText('CmdID', cmd.cmdID),
      ...optionalFlag('NoResp', cmd.noResp),
      ...optionalCred(cmd.cred),
      ...optionalLocRef('Target', cmd.target),
      ...optionalLocRef('Source', cmd.source),
      ...(cmd.meta === undefined ? [] : [writeMeta(cmd.meta)]),
      ...optionalText('NumberOfChanges', cmd.numberOfChanges),
      ...cmd.commands.map((c) => nested.write(c)),
    ]);
  },
};
