// The shape every SyncML command module has: read its element, write it back.
import type { Element } from '../../codec/element.ts';
import type { Command } from '../model.ts';

/** Reads and writes nested commands (Sync, Atomic, Sequence) without import cycles. */
export interface NestedCommands {
  read(el: Element): Command;
  write(cmd: Command): Element;
}

/** One command's element <-> model conversion; registered in registry.ts. */
export interface CommandCodec<C extends Command = Command> {
  read(el: Element, nested: NestedCommands): C;
  write(cmd: C, nested: NestedCommands): Element;
}
