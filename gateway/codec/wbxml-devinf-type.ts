// The Meta Type of device information. In the tree it is application/vnd.syncml-devinf+xml
// whatever the encoding (the DevInf is an element either way); in a WBXML message, where DevInf
// travels as a WBXML document in OPAQUE, it is +wbxml (SyncEvolution writes +wbxml in every
// Put, Get and Results of a WBXML session, +xml in XML sessions). The reader maps +wbxml to
// +xml, as libwbxml does, and the writer maps back, so the engine sees the same message from
// XML and WBXML clients and need not know which encoding a session uses.
import type { Element } from './element.ts';

const DEVINF_XML_TYPE = 'application/vnd.syncml-devinf+xml';
const DEVINF_WBXML_TYPE = 'application/vnd.syncml-devinf+wbxml';

const is = (text: string | undefined, type: string): boolean => text?.trim().toLowerCase() === type;

/** The text a MetInf Type carries in the tree, given its text on the WBXML wire. */
export function typeFromWbxml(text: string): string {
  return is(text, DEVINF_WBXML_TYPE) ? DEVINF_XML_TYPE : text;
}

/** The text a MetInf Type carries on the WBXML wire, given its text in the tree. */
export function typeToWbxml(text: string): string {
  return is(text, DEVINF_XML_TYPE) ? DEVINF_WBXML_TYPE : text;
}

const childNamed = (el: Element | undefined, name: string): Element | undefined => el?.children.find((c) => c.name === name);

/** Whether an Item's data is declared DevInf: by the Item's own Meta Type, else its command's. */
export function declaresDevInf(item: Element | undefined, command: Element | undefined): boolean {
  const type = childNamed(childNamed(item, 'Meta'), 'Type') ?? childNamed(childNamed(command, 'Meta'), 'Type');
  return is(type?.text, DEVINF_XML_TYPE) || is(type?.text, DEVINF_WBXML_TYPE);
}
