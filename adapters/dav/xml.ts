// XML for WebDAV: request bodies built from templates, responses parsed into a small element tree.
// Parsing uses saxes (namespace-aware, no DTD/entity expansion) with a depth and element limit.
import { SaxesParser, type SaxesTagNS } from 'saxes';

export const NS = {
  dav: 'DAV:',
  carddav: 'urn:ietf:params:xml:ns:carddav',
  caldav: 'urn:ietf:params:xml:ns:caldav',
  calendarServer: 'http://calendarserver.org/ns/',
} as const;

/** A namespace-qualified element name. */
export interface QName {
  ns: string;
  name: string;
}

export interface XmlElement extends QName {
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside this element. */
  text: string;
}

const prefixes: Record<string, string> = {
  [NS.dav]: 'd',
  [NS.carddav]: 'card',
  [NS.caldav]: 'cal',
  [NS.calendarServer]: 'cs',
};

const declarations = Object.entries(prefixes)
  .map(([uri, prefix]) => ` xmlns:${prefix}="${uri}"`)
  .join('');

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

function tag(q: QName): string {
  const prefix = prefixes[q.ns];
  if (prefix === undefined) throw new Error(`no prefix for namespace ${q.ns}`);
  return `${prefix}:${q.name}`;
}

function empty(q: QName): string {
  return `<${tag(q)}/>`;
}

function document(root: QName, inner: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<${tag(root)}${declarations}>${inner}</${tag(root)}>`;
}

function propElement(props: readonly QName[]): string {
  return `<d:prop>${props.map(empty).join('')}</d:prop>`;
}

/** PROPFIND body asking for `props` (RFC 4918 §9.1). */
export function propfindBody(props: readonly QName[]): string {
  return document({ ns: NS.dav, name: 'propfind' }, propElement(props));
}

/** sync-collection REPORT body (RFC 6578 §3.2); an empty token asks for the initial state. */
export function syncCollectionBody(token: string, props: readonly QName[]): string {
  return document(
    { ns: NS.dav, name: 'sync-collection' },
    `<d:sync-token>${escapeXml(token)}</d:sync-token><d:sync-level>1</d:sync-level>${propElement(props)}`,
  );
}

/** addressbook-multiget (RFC 6352 §8.7) or calendar-multiget (RFC 4791 §7.9) body. */
export function multigetBody(report: QName, props: readonly QName[], hrefs: readonly string[]): string {
  const hrefElements = hrefs.map((href) => `<d:href>${escapeXml(href)}</d:href>`).join('');
  return document(report, propElement(props) + hrefElements);
}

/**
 * calendar-query REPORT body (RFC 4791 §7.8) asking for `props` of the members holding a
 * `component` ("VTODO"): a comp-filter inside VCALENDAR, no time range.
 */
export function calendarQueryBody(props: readonly QName[], component: string): string {
  const filter =
    `<cal:filter><cal:comp-filter name="VCALENDAR"><cal:comp-filter name="${escapeXml(component)}"/>` +
    `</cal:comp-filter></cal:filter>`;
  return document({ ns: NS.caldav, name: 'calendar-query' }, propElement(props) + filter);
}

export interface XmlLimits {
  maxDepth: number;
  maxElements: number;
}

const defaultLimits: XmlLimits = { maxDepth: 64, maxElements: 1_000_000 };

/** Parses a whole XML document into an element tree; throws on malformed XML or exceeded limits. */
export function parseXml(text: string, limits: XmlLimits = defaultLimits): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  // With no 'error' handler saxes throws at the first well-formedness error.
  parser.on('opentag', (node: SaxesTagNS) => {
    count += 1;
    if (count > limits.maxElements) throw new Error('XML document has too many elements');
    if (stack.length >= limits.maxDepth) throw new Error('XML document is nested too deeply');
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(node.attributes)) {
      if (attribute.prefix !== 'xmlns' && attribute.name !== 'xmlns') attributes[attribute.local] = attribute.value;
    }
    const element: XmlElement = { ns: node.uri, name: node.local, attributes, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
  });
  parser.on('cdata', (text) => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(text).close();
  if (!root) throw new Error('empty XML document');
  return root;
}

export function is(element: XmlElement, q: QName): boolean {
  return element.ns === q.ns && element.name === q.name;
}

export function child(element: XmlElement | undefined, q: QName): XmlElement | undefined {
  return element?.children.find((c) => is(c, q));
}

export function children(element: XmlElement | undefined, q: QName): XmlElement[] {
  return element ? element.children.filter((c) => is(c, q)) : [];
}
