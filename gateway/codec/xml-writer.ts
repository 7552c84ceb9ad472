// Element tree -> XML bytes: UTF-8, declaration, no pretty printing.
//
// Namespaces: an element without `ns` inherits its parent's; xmlns is written only where the
// namespace changes. Empty text is not written (`<X/>`). Text marked `cdata` is written as CDATA (a `]]>` inside is split across
// two sections), other text is escaped. Carriage returns are written as they are (see
// xml-prescan.ts for why the reader keeps them). XML cannot carry raw bytes: `opaque`
// content (from WBXML) is written as base64 text; whoever re-encodes WBXML data as XML must
// therefore also say so in the item's Meta Format (b64), which is the protocol layer's job.
//
// Written directly rather than through xmlbuilder2 (README, "Choices beyond the decided
// stack"): building its DOM cost 8x the time of JSON.stringify for the same message, and it
// leaves `&` unescaped where it looks like an entity reference (`R&D;`, `&amp;`), which
// changes the text or makes the document malformed. The output is otherwise the same byte for
// byte; test/unit/codec/xml-writer.test.ts checks it against xmlbuilder2 on the recorded messages.
import type { Element } from './element.ts';

const encoder = new TextEncoder();

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** The pieces a CDATA text is written in, so that no section contains `]]>`. */
export function cdataSections(text: string): string[] {
  return text.split(']]>').map((part, i, all) => (i === 0 ? '' : '>') + part + (i < all.length - 1 ? ']]' : ''));
}

/** The text an element carries when written as XML (base64 for opaque content). */
export function xmlTextOf(el: Element): string | undefined {
  if (el.opaque !== undefined) return Buffer.from(el.opaque).toString('base64');
  return el.text;
}

const TEXT_SPECIAL = /[&<>]/;
const ATTRIBUTE_SPECIAL = /[&<>"]/;

/** Character data with `&`, `<` and `>` escaped (every `&`: XML 1.0 section 2.4). */
function escapeText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function escapeAttribute(value: string): string {
  if (!ATTRIBUTE_SPECIAL.test(value)) return value;
  return escapeText(value).replaceAll('"', '&quot;');
}

/** XML 1.0 Name without a colon (NCName): element names are local names here. */
const NAME = /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][-.0-9A-Za-z_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;
const validNames = new Set<string>();

function checkName(name: string): void {
  if (validNames.has(name)) return;
  if (!NAME.test(name)) throw new Error(`invalid XML element name ${JSON.stringify(name)}`);
  if (validNames.size < 1024) validNames.add(name); // SyncML has ~150 element names; bounded anyway
}

function append(out: string[], el: Element, parentNs: string): void {
  const name = el.name;
  checkName(name);
  const ns = el.ns ?? parentNs;
  let open = ns === parentNs ? `<${name}` : `<${name} xmlns="${escapeAttribute(ns)}"`;
  const text = el.opaque !== undefined ? Buffer.from(el.opaque).toString('base64') : el.text;
  const hasText = text !== undefined && text !== '';
  const children = el.children;
  if (!hasText && children.length === 0) {
    out.push(`${open}/>`);
    return;
  }
  open += '>';
  if (hasText) {
    if (el.cdata === true && el.opaque === undefined) {
      open += text.includes(']]>') ? cdataSections(text).map((s) => `<![CDATA[${s}]]>`).join('') : `<![CDATA[${text}]]>`;
    } else {
      open += escapeText(text);
    }
  }
  out.push(open);
  for (let i = 0; i < children.length; i++) append(out, children[i] as Element, ns);
  out.push(`</${name}>`);
}

/** Serialises a tree as an XML string (declaration included). */
export function writeXmlString(root: Element): string {
  const out: string[] = [DECLARATION];
  append(out, root, '');
  return out.join('');
}

/** Serialises a tree as UTF-8 XML bytes. */
export function writeXml(root: Element): Uint8Array {
  return encoder.encode(writeXmlString(root));
}
