// Typed SyncML message -> element tree, in the element order the SyncML DTD requires.
import { element, type Element } from '../codec/element.ts';
import { writeCommand } from './commands/registry.ts';
import { writeHeader } from './header.ts';
import type { SyncMLMessage } from './model.ts';
import { syncmlNamespace } from './namespaces.ts';

/**
 * Writes a message as a tree whose root is in the `SYNCML:SYNCML1.x` namespace of its
 * version; MetInf children carry `syncml:metinf`, nested documents keep their own.
 */
export function writeMessage(msg: SyncMLMessage): Element {
  const body = msg.body.map(writeCommand);
  if (msg.final) body.push(element('Final'));
  return element('SyncML', [writeHeader(msg.hdr), element('SyncBody', body)], syncmlNamespace(msg.version));
}
