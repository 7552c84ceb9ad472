// Map: CmdID, Target, Source, Cred?, Meta?, MapItem+; MapItem: Target, Source, each a LocURI
// (RepPro 1.2 sections 6.6.8 and 5.1.14): the client's LUIDs for the server's GUIDs.
import { child, element, textElement, type Element } from '../../codec/element.ts';
import { optionalCred, optionalText, readCred, readLocRef, requiredText, writeLocRef } from '../common.ts';
import { readMeta, writeMeta } from '../meta.ts';
import type { MapCommand, MapItem } from '../model.ts';
import type { CommandCodec } from './command-codec.ts';

function locURI(parent: Element, name: string): string {
  const el = child(parent, name);
  return el === undefined ? '' : requiredText(el, 'LocURI');
}

function readMapItem(el: Element): MapItem {
  return { target: locURI(el, 'Target'), source: locURI(el, 'Source') };
}

function writeMapItem(item: MapItem): Element {
  return element('MapItem', [
    element('Target', [textElement('LocURI', item.target)]),
    element('Source', [textElement('LocURI', item.source)]),
  ]);
}

/** Map <-> model. */
export const map: CommandCodec<MapCommand> = {
  read(el: Element): MapCommand {
    const target = child(el, 'Target');
    const source = child(el, 'Source');
    const cmd: MapCommand = {
      kind: 'Map',
      cmdID: requiredText(el, 'CmdID'),
      target: target === undefined ? { locURI: '' } : readLocRef(target),
      source: source === undefined ? { locURI: '' } : readLocRef(source),
      mapItems: el.children.filter((c) => c.name === 'MapItem').map(readMapItem),
    };
    const cred = readCred(el);
    if (cred !== undefined) cmd.cred = cred;
    const meta = child(el, 'Meta');
    if (meta !== undefined) cmd.meta = readMeta(meta);
    return cmd;
  },
  write(cmd: MapCommand): Element {
    return element('Map', [
      ...optionalText('CmdID', cmd.cmdID),
      writeLocRef('Target', cmd.target),
      writeLocRef('Source', cmd.source),
      ...optionalCred(cmd.cred),
      ...(cmd.meta === undefined ? [] : [writeMeta(cmd.meta)]),
      ...cmd.mapItems.map(writeMapItem),
    ]);
  },
};
