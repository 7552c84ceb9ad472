// What the character content of a WBXML element becomes in the Element tree. Strings (STR_I,
// STR_T, ENTITY) are text. OPAQUE is kept as bytes only in an Item's Data, where it is item data
// (binary, or text the protocol layer decodes) or a whole WBXML DevInf document, which becomes
// a nested element (libsynthesis' subdtdDecodeWbxml, libwbxml's embedded-document handling).
// Elsewhere opaque is text (Nokia 9210 sends strings as opaque, libsynthesis xltdecwbxml.c),
// except NextNonce, whose bytes are the binary nonce and become base64 as in XML (libwbxml).
import type { Element } from './element.ts';
import { ByteCursor } from './wbxml-bytes.ts';
import { readHeader } from './wbxml-header.ts';
import { METINF_NAMESPACE } from './wbxml-tokens.ts';

const WHITESPACE_ONLY = /^[ \t\r\n]*$/;
const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** One element's content as it arrived: strings and opaque chunks in order. */
export type ContentPart = string | Uint8Array;

/** Where an element sits, as far as its content is concerned. */
export interface ContentPlace {
  element: Element;
  /** The element's namespace URI. */
  uri: string;
  /** Data directly inside an Item: the only place opaque content stays bytes. */
  itemData: boolean;
  /** Whether the Item's or its command's Meta Type says the data is DevInf. */
  declaresDevInf: boolean;
}

function concatParts(parts: readonly ContentPart[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Whether opaque item data is a WBXML DevInf document: its header names DevInf, or names no
 * known document while the Meta Type says DevInf. Bytes without a readable WBXML header (a
 * vCard, a JPEG) are never taken for one.
 */
export function isNestedDevInf(bytes: Uint8Array, declared: boolean): boolean {
  const first = bytes[0];
  if (first === undefined || first < 0x01 || first > 0x03) return false;
  try {
    const type = readHeader(new ByteCursor(bytes)).documentType;
    return type === undefined ? declared : type.language === 'devinf';
  } catch {
    return false;
  }
}

/**
 * Sets `text` from string-only content (not empty). Like the XML reader, whitespace-only text
 * beside child elements is dropped.
 */
export function finishText(el: Element, text: string): void {
  if (el.children.length > 0 && WHITESPACE_ONLY.test(text)) return;
  el.text = text;
}

/**
 * Sets `text`, `opaque` or a nested DevInf child on the element from its collected content.
 * `parseNested` reads an opaque DevInf document (throwing CodecError when it is broken).
 * Like the XML reader, whitespace-only text beside child elements is dropped.
 */
export function finishContent(place: ContentPlace, parts: readonly ContentPart[], parseNested: (bytes: Uint8Array) => Element): void {
  const el = place.element;
  if (parts.length === 0) return;
  if (parts.every((p) => typeof p === 'string')) {
    const text = parts.join('');
    if (el.children.length > 0 && WHITESPACE_ONLY.test(text)) return;
    el.text = text;
    return;
  }
  const bytes = concatParts(parts);
  if (place.itemData) {
    if (el.children.length === 0 && isNestedDevInf(bytes, place.declaresDevInf)) el.children.push(parseNested(bytes));
    else el.opaque = bytes;
    return;
  }
  if (el.name === 'NextNonce' && place.uri.toLowerCase() === METINF_NAMESPACE) {
    el.text = Buffer.from(bytes).toString('base64');
    return;
  }
  const text = utf8OrUndefined(bytes);
  if (text === undefined) el.opaque = bytes;
  else el.text = text;
}
