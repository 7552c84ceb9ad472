// Item <-> typed Item: Target?, Source?, SourceParent?, TargetParent?, Meta?, Data?, MoreData?
// (RepPro 1.2 section 5.1.12). Data is text, opaque bytes (WBXML) or a nested document.
import { child, element, type Element } from '../codec/element.ts';
import { flag, optionalFlag, optionalLocRef, readOptionalLocRef } from './common.ts';
import { readAnchor, readMeta, writeAnchor, writeMeta } from './meta.ts';
import type { Item } from './model.ts';

/** Text that reads better as CDATA: markup characters or line breaks (vCards, SIF). */
const CDATA_WORTHY = /[<>&\r\n]/;

function readData(item: Item, data: Element): void {
  const nested = data.children[0];
  if (nested !== undefined && nested.name === 'Anchor') {
    item.dataAnchor = readAnchor(nested);
  } else if (nested !== undefined) {
    item.dataElement = nested;
  } else if (data.opaque !== undefined) {
    item.dataBinary = data.opaque;
  } else {
    item.data = data.text ?? '';
    if (item.data !== '') item.dataCdata = data.cdata === true;
  }
}

/** Reads one Item; Data with a child element becomes `dataElement`, opaque `dataBinary`, else text. */
export function readItem(el: Element): Item {
  const item: Item = {};
  const target = readOptionalLocRef(el, 'Target');
  const source = readOptionalLocRef(el, 'Source');
  const sourceParent = readOptionalLocRef(el, 'SourceParent');
  const targetParent = readOptionalLocRef(el, 'TargetParent');
  if (target !== undefined) item.target = target;
  if (source !== undefined) item.source = source;
  if (sourceParent !== undefined) item.sourceParent = sourceParent;
  if (targetParent !== undefined) item.targetParent = targetParent;
  const meta = child(el, 'Meta');
  if (meta !== undefined) item.meta = readMeta(meta);
  const data = child(el, 'Data');
  if (data !== undefined) readData(item, data);
  if (flag(el, 'MoreData')) item.moreData = true;
  return item;
}

/** All Item children of a command. */
export function readItems(parent: Element): Item[] {
  return parent.children.filter((c) => c.name === 'Item').map(readItem);
}

function writeData(item: Item): Element[] {
  if (item.dataAnchor !== undefined) return [element('Data', [writeAnchor(item.dataAnchor)])];
  if (item.dataElement !== undefined) return [element('Data', [item.dataElement])];
  if (item.dataBinary !== undefined) return [{ name: 'Data', children: [], opaque: item.dataBinary }];
  if (item.data === undefined) return [];
  const data: Element = { name: 'Data', children: [], text: item.data };
  if (item.data !== '' && (item.dataCdata ?? CDATA_WORTHY.test(item.data))) data.cdata = true;
  return [data];
}

/**
 * Writes one Item. Text data is CDATA when `dataCdata` is true, escaped when false, and when
 * unset CDATA if it holds markup characters or line breaks.
 */
export function writeItem(item: Item): Element {
  return element('Item', [
    ...optionalLocRef('Target', item.target),
    ...optionalLocRef('Source', item.source),
    ...optionalLocRef('SourceParent', item.sourceParent),
    ...optionalLocRef('TargetParent', item.targetParent),
    ...(item.meta === undefined ? [] : [writeMeta(item.meta)]),
    ...writeData(item),
    ...optionalFlag('MoreData', item.moreData),
  ]);
}
