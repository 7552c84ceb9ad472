// Commands kept as their element: Search (deprecated in 1.2, not served) and anything this
// model does not know (the engine answers those with 406 and may log them whole).
import { element, textElement, type Element } from '../../codec/element.ts';
import { flag, requiredText } from '../common.ts';
import type { Search, UnknownCommand } from '../model.ts';
import type { CommandCodec } from './command-codec.ts';

/** Search, kept as its element. */
export const search: CommandCodec<Search> = {
  read(el: Element): Search {
    const cmd: Search = { kind: 'Search', cmdID: requiredText(el, 'CmdID'), element: el };
    if (flag(el, 'NoResp')) cmd.noResp = true;
    return cmd;
  },
  write(cmd: Search): Element {
    return cmd.element ?? element('Search', [textElement('CmdID', cmd.cmdID)]);
  },
};

/** Any unknown command, kept as its element. */
export const unknown: CommandCodec<UnknownCommand> = {
  read(el: Element): UnknownCommand {
    const cmd: UnknownCommand = { kind: 'Unknown', name: el.name, cmdID: requiredText(el, 'CmdID'), element: el };
    if (flag(el, 'NoResp')) cmd.noResp = true;
    return cmd;
  },
  write(cmd: UnknownCommand): Element {
    return cmd.element;
  },
};
