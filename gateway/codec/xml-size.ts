// The number of bytes xml-writer.ts produces for an element, computed without building the
// document: what the packager needs to fill a message up to the client's MaxMsgSize.
import type { Element } from './element.ts';
import { cdataSections, xmlTextOf } from './xml-writer.ts';

const XMLNS_OVERHEAD = ' xmlns=""'.length;
const CDATA_OVERHEAD = '<![CDATA[]]>'.length;

/** Length of the XML declaration xml-writer.ts puts before the root element. */
export const XML_DECLARATION_SIZE = '<?xml version="1.0" encoding="UTF-8"?>'.length;

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function escapedLength(s: string, escapeQuote: boolean): number {
  let extra = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x26) extra += 4; // &amp;
    else if (c === 0x3c || c === 0x3e) extra += 3; // &lt; &gt;
    else if (escapeQuote && c === 0x22) extra += 5; // &quot;
  }
  return utf8Length(s) + extra;
}

function textLength(el: Element): number {
  const text = xmlTextOf(el);
  if (text === undefined || text === '') return 0;
  if (el.cdata === true && el.opaque === undefined) {
    return cdataSections(text).reduce((n, s) => n + CDATA_OVERHEAD + utf8Length(s), 0);
  }
  return escapedLength(text, false);
}

function hasContent(el: Element): boolean {
  if (el.children.length > 0) return true;
  const text = xmlTextOf(el);
  return text !== undefined && text !== '';
}

/**
 * Bytes of `el` as xml-writer.ts writes it inside a parent whose namespace is `parentNs`
 * (exact for the XML writer; WBXML output is smaller, so this is an upper bound there).
 */
export function xmlSize(el: Element, parentNs = ''): number {
  const ns = el.ns ?? parentNs;
  const name = utf8Length(el.name);
  let size = 1 + name; // <Name
  if (ns !== parentNs) size += XMLNS_OVERHEAD + escapedLength(ns, true);
  if (!hasContent(el)) return size + 2; // />
  size += 1 + textLength(el); // > text
  for (const c of el.children) size += xmlSize(c, ns);
  return size + 3 + name; // </Name>
}
