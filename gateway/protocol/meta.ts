// Meta <-> typed Meta (MetInf DTD). Clients write MetInf children with xmlns='syncml:metinf',
// with a prefix (`mi:Type`), inside a namespaced Meta, or with no namespace at all; only
// local names matter here. Elements the model does not name go to `extra`, in order.
import { childText, element, textElement, type Element } from '../codec/element.ts';
import type { Anchor, Meta } from './model.ts';
import { METINF_NS, sameNamespace } from './namespaces.ts';

/** MetInf element order (MetInf DTD 1.2: FieldLevel?, Format?, ..., EMI*, Mem?). */
const METINF_ORDER = [
  'FieldLevel', 'Format', 'Type', 'Mark', 'Size', 'Anchor', 'Version',
  'NextNonce', 'MaxMsgSize', 'MaxObjSize', 'EMI', 'Mem',
];

function rank(name: string): number {
  const i = METINF_ORDER.indexOf(name);
  return i < 0 ? METINF_ORDER.length : i;
}

/** Meta Anchor: Last?, Next (also the Data of an Alert's Status item). */
export function readAnchor(el: Element): Anchor {
  const anchor: Anchor = {};
  const last = childText(el, 'Last');
  const next = childText(el, 'Next');
  if (last !== undefined) anchor.last = last;
  if (next !== undefined) anchor.next = next;
  return anchor;
}

/** An Anchor element in the metinf namespace. */
export function writeAnchor(anchor: Anchor): Element {
  const children: Element[] = [];
  if (anchor.last !== undefined) children.push(textElement('Last', anchor.last));
  if (anchor.next !== undefined) children.push(textElement('Next', anchor.next));
  return element('Anchor', children, METINF_NS);
}

/** A non-negative integer, or undefined when the text is not one (the element then stays in extra). */
function count(text: string | undefined): number | undefined {
  return text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : undefined;
}

/** The metinf namespace is implied by the position; only a foreign one is kept. */
function asExtra(el: Element): Element {
  if (el.ns === undefined || !sameNamespace(el.ns, METINF_NS)) return el;
  const { ns: _ns, ...rest } = el;
  return rest;
}

function readField(meta: Meta, c: Element): boolean {
  const text = c.text ?? '';
  const number = count(c.text);
  switch (c.name) {
    case 'Type': meta.type = text; return true;
    case 'Format': meta.format = text; return true;
    case 'Mark': meta.mark = text; return true;
    case 'Version': meta.version = text; return true;
    case 'NextNonce': meta.nextNonce = text; return true;
    case 'Anchor': meta.anchor = readAnchor(c); return true;
    case 'Size': if (number === undefined) return false; meta.size = number; return true;
    case 'MaxMsgSize': if (number === undefined) return false; meta.maxMsgSize = number; return true;
    case 'MaxObjSize': if (number === undefined) return false; meta.maxObjSize = number; return true;
    default: return false;
  }
}

/** Reads a Meta element (also one wrapping a MetInf element, as some 1.0 clients send). */
export function readMeta(el: Element): Meta {
  const only = el.children.length === 1 ? el.children[0] : undefined;
  const fields = only?.name === 'MetInf' ? only.children : el.children;
  const meta: Meta = {};
  const extra: Element[] = [];
  for (const c of fields) {
    if (!readField(meta, c)) extra.push(asExtra(c));
  }
  if (extra.length > 0) meta.extra = extra;
  return meta;
}

/** Writes a Meta element, children in MetInf DTD order, each in the metinf namespace. */
export function writeMeta(meta: Meta): Element {
  const fields: Element[] = [];
  const add = (name: string, value: string | number | undefined): void => {
    if (value !== undefined) fields.push(textElement(name, String(value), METINF_NS));
  };
  add('Format', meta.format);
  add('Type', meta.type);
  add('Mark', meta.mark);
  add('Size', meta.size);
  if (meta.anchor !== undefined) fields.push(writeAnchor(meta.anchor));
  add('Version', meta.version);
  add('NextNonce', meta.nextNonce);
  add('MaxMsgSize', meta.maxMsgSize);
  add('MaxObjSize', meta.maxObjSize);
  for (const e of meta.extra ?? []) fields.push(e.ns === undefined ? { ...e, ns: METINF_NS } : e);
  const ordered = fields.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e.name) - rank(b.e.name) || a.i - b.i);
  return element('Meta', ordered.map((x) => x.e));
}
