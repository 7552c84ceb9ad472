// The one table from SyncML command element names to their modules.
import type { Element } from '../../codec/element.ts';
import type { Command } from '../model.ts';
import { alert } from './alert.ts';
import type { CommandCodec, NestedCommands } from './command-codec.ts';
import { container } from './container.ts';
import { exec } from './exec.ts';
import { itemCommand } from './item-command.ts';
import { map } from './map.ts';
import { search, unknown } from './opaque.ts';
import { putGet } from './put-get.ts';
import { results } from './results.ts';
import { status } from './status.ts';
import { sync } from './sync.ts';

/** Keyed by element name, which is also the model's `kind` (except 'Unknown'). */
const COMMANDS: Readonly<Record<string, CommandCodec>> = {
  Add: itemCommand,
  Alert: alert,
  Atomic: container,
  Copy: itemCommand,
  Delete: itemCommand,
  Exec: exec,
  Get: putGet,
  Map: map,
  Move: itemCommand,
  Put: putGet,
  Replace: itemCommand,
  Results: results,
  Search: search,
  Sequence: container,
  Status: status,
  Sync: sync,
  Unknown: unknown,
};

const nested: NestedCommands = { read: readCommand, write: writeCommand };

/** Reads one command element; names not in the table become UnknownCommand. */
export function readCommand(el: Element): Command {
  const codec = el.name === 'Unknown' ? unknown : (COMMANDS[el.name] ?? unknown);
  return codec.read(el, nested);
}

/** Writes one command as its element. */
export function writeCommand(cmd: Command): Element {
  return (COMMANDS[cmd.kind] ?? unknown).write(cmd, nested);
}
