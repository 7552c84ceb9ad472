// Results: CmdID, MsgRef?, CmdRef, Meta?, TargetRef*, SourceRef*, Item+ (RepPro 1.2
// section 6.6.12): the answer to a Get, e.g. the server's device information.
import { child, childText, element, textElement, type Element } from '../../codec/element.ts';
import { optionalText, requiredText, texts } from '../common.ts';
import { readItems, writeItem } from '../item.ts';
import { readMeta, writeMeta } from '../meta.ts';
import type { Results } from '../model.ts';
import type { CommandCodec } from './command-codec.ts';

/** Results <-> model. */
export const results: CommandCodec<Results> = {
  read(el: Element): Results {
    const cmd: Results = {
      kind: 'Results',
      cmdID: requiredText(el, 'CmdID'),
      cmdRef: requiredText(el, 'CmdRef'),
      targetRefs: texts(el, 'TargetRef'),
      sourceRefs: texts(el, 'SourceRef'),
      items: readItems(el),
    };
    const msgRef = childText(el, 'MsgRef');
    if (msgRef !== undefined) cmd.msgRef = msgRef;
    const meta = child(el, 'Meta');
    if (meta !== undefined) cmd.meta = readMeta(meta);
    return cmd;
  },
  write(cmd: Results): Element {
    return element('Results', [
      ...optionalText('CmdID', cmd.cmdID),
      ...optionalText('MsgRef', cmd.msgRef),
      textElement('CmdRef', cmd.cmdRef),
      ...(cmd.meta === undefined ? [] : [writeMeta(cmd.meta)]),
      ...cmd.targetRefs.map((r) => textElement('TargetRef', r)),
      ...cmd.sourceRefs.map((r) => textElement('SourceRef', r)),
      ...cmd.items.map(writeItem),
    ]);
  },
};
