// How many bytes a command adds to a message: what the packager weighs against MaxMsgSize.
import { xmlSize } from '../codec/xml-size.ts';
import { writeCommand } from './commands/registry.ts';
import type { Command } from './model.ts';
import { syncmlNamespace } from './namespaces.ts';

/**
 * Bytes of `cmd` in the XML form this gateway writes (exact for XML: the same element tree
 * measured with the XML writer's rules, without serialising it). It costs a tree build, so
 * cache it when packaging large items. For WBXML it is an upper bound (WBXML is smaller).
 */
export function estimateSize(cmd: Command): number {
  return xmlSize(writeCommand(cmd), syncmlNamespace('1.2'));
}
