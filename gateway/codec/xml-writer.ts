// Element tree -> XML bytes (xmlbuilder2): UTF-8, declaration, no pretty printing.
//
// Namespaces: an element without `ns` inherits its parent's; xmlns is written only where the
// namespace changes. Empty text is not written (`<X/>`). Text marked `cdata` is written as CDATA (a `]]>` inside is split across
// two sections), other text is escaped. Carriage returns are written as they are (see
// xml-prescan.ts for why the reader keeps them). XML cannot carry raw bytes: `opaque`
// content (from WBXML) is written as base64 text; whoever re-encodes WBXML data as XML must
// therefore also say so in the item's Meta Format (b64), which is the protocol layer's job.
import { create } from 'xmlbuilder2';
import type { Element } from './element.ts';

type XMLBuilder = ReturnType<typeof create>;

const encoder = new TextEncoder();

/** The pieces a CDATA text is written in, so that no section contains `]]>`. */
export function cdataSections(text: string): string[] {
  return text.split(']]>').map((part, i, all) => (i === 0 ? '' : '>') + part + (i < all.length - 1 ? ']]' : ''));
}

/** The text an element carries when written as XML (base64 for opaque content). */
export function xmlTextOf(el: Element): string | undefined {
  if (el.opaque !== undefined) return Buffer.from(el.opaque).toString('base64');
  return el.text;
}

function append(parent: XMLBuilder, el: Element, parentNs: string): void {
  const ns = el.ns ?? parentNs;
  const node = parent.ele(ns, el.name);
  const text = xmlTextOf(el);
  if (text !== undefined && text !== '') {
    if (el.cdata === true && el.opaque === undefined) {
      for (const section of cdataSections(text)) node.dat(section);
    } else {
      node.txt(text);
    }
  }
  for (const c of el.children) append(node, c, ns);
}

/** Serialises a tree as an XML string (declaration included). */
export function writeXmlString(root: Element): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  append(doc, root, '');
  return doc.end({ prettyPrint: false });
}

/** Serialises a tree as UTF-8 XML bytes. */
export function writeXml(root: Element): Uint8Array {
  return encoder.encode(writeXmlString(root));
}
