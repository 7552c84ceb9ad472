// Status: CmdID, MsgRef, CmdRef, Cmd, TargetRef*, SourceRef*, Cred?, Chal?, Data, Item*
// (RepPro 1.2 section 6.6.15): the answer to every command, and to the SyncHdr (CmdRef 0).
import { element, textElement, type Element } from '../../codec/element.ts';
import { optionalChal, optionalCred, readChal, readCred, requiredText, texts } from '../common.ts';
import { readItems, writeItem } from '../item.ts';
import type { Status } from '../model.ts';
import type { CommandCodec } from './command-codec.ts';

/** Status <-> model. */
export const status: CommandCodec<Status> = {
  read(el: Element): Status {
    const cmd: Status = {
      kind: 'Status',
      cmdID: requiredText(el, 'CmdID'),
      msgRef: requiredText(el, 'MsgRef'),
      cmdRef: requiredText(el, 'CmdRef'),
      cmd: requiredText(el, 'Cmd'),
      targetRefs: texts(el, 'TargetRef'),
      sourceRefs: texts(el, 'SourceRef'),
      data: requiredText(el, 'Data'),
      items: readItems(el),
    };
    const cred = readCred(el);
    if (cred !== undefined) cmd.cred = cred;
    const chal = readChal(el);
    if (chal !== undefined) cmd.chal = chal;
    return cmd;
  },
  write(cmd: Status): Element {
    return element('Status', [
      textElement('CmdID', cmd.cmdID),
      textElement('MsgRef', cmd.msgRef),
      textElement('CmdRef', cmd.cmdRef),
      textElement('Cmd', cmd.cmd),
      ...cmd.targetRefs.map((r) => textElement('TargetRef', r)),
      ...cmd.sourceRefs.map((r) => textElement('SourceRef', r)),
      ...optionalCred(cmd.cred),
      ...optionalChal(cmd.chal),
      textElement('Data', cmd.data),
      ...cmd.items.map(writeItem),
    ]);
  },
};
