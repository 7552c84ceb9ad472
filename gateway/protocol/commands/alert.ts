// Alert: CmdID, NoResp?, Cred?, Data?, Correlator?, Item* (RepPro 1.2 section 6.6.2).
import { childText, element, type Element } from '../../codec/element.ts';
import { flag, optionalCred, optionalFlag, optionalText, parseInteger, readCred, requiredText } from '../common.ts';
import { readItems, writeItem } from '../item.ts';
import type { Alert } from '../model.ts';
import type { CommandCodec } from './command-codec.ts';

/** Alert <-> model. */
export const alert: CommandCodec<Alert> = {
  read(el: Element): Alert {
    const cmd: Alert = { kind: 'Alert', cmdID: requiredText(el, 'CmdID'), items: readItems(el) };
    if (flag(el, 'NoResp')) cmd.noResp = true;
    const cred = readCred(el);
    if (cred !== undefined) cmd.cred = cred;
    const data = parseInteger(childText(el, 'Data'));
    if (data !== undefined) cmd.data = data;
    const correlator = childText(el, 'Correlator');
    if (correlator !== undefined) cmd.correlator = correlator;
    return cmd;
  },
  write(cmd: Alert): Element {
    return element('Alert', [
      ...optionalText('CmdID', cmd.cmdID),
      ...optionalFlag('NoResp', cmd.noResp),
      ...optionalCred(cmd.cred),
      ...optionalText('Data', cmd.data),
      ...optionalText('Correlator', cmd.correlator),
      ...cmd.items.map(writeItem),
    ]);
  },
};
