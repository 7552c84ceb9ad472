// The element tree that sits between the byte codecs (XML, later WBXML) and the protocol layer.
// It carries local names only; the namespace is kept so writers can re-emit it.

/** One element of a SyncML document. */
export interface Element {
  /** Local name, without prefix (`Format`, not `metinf:Format`). */
  name: string;
  /** Namespace URI as the sender declared it (e.g. `syncml:metinf`), if any. */
  ns?: string;
  /** Child elements, in document order. */
  children: Element[];
  /** Character content (text and CDATA joined), when the element has any. */
  text?: string;
  /** Binary content (WBXML opaque data); XML never sets it. */
  opaque?: Uint8Array;
  /** Whether the text came as CDATA; writers may keep it so for item data. */
  cdata?: boolean;
}

/** The encodings the HTTP front end can hand to a codec. */
export type Encoding = 'xml' | 'wbxml';

export function element(name: string, children: Element[] = [], ns?: string): Element {
  return ns === undefined ? { name, children } : { name, ns, children };
}

export function textElement(name: string, text: string, ns?: string): Element {
  const e = element(name, [], ns);
  e.text = text;
  return e;
}

export function child(parent: Element, name: string): Element | undefined {
  return parent.children.find((c) => c.name === name);
}

export function childrenNamed(parent: Element, name: string): Element[] {
  return parent.children.filter((c) => c.name === name);
}

export function childText(parent: Element, name: string): string | undefined {
  const c = child(parent, name);
  return c === undefined ? undefined : (c.text ?? '');
}
