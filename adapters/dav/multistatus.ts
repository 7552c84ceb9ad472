// Reads 207 Multi-Status bodies (RFC 4918 §13) and DAV:error precondition bodies (RFC 4918 §16).
import { NS, child, children, is, parseXml, type QName, type XmlElement } from './xml.ts';

export interface PropStat {
  status: number;
  props: XmlElement[];
}

export interface MultistatusResponse {
  href: string;
  /** Status of the whole response (sync-collection uses 404 for deleted members, RFC 6578 §3.5.2). */
  status: number | undefined;
  propstats: PropStat[];
}

export interface Multistatus {
  responses: MultistatusResponse[];
  /** Top-level DAV:sync-token of a sync-collection answer (RFC 6578 §6.2). */
  syncToken: string | undefined;
}

const dav = (name: string): QName => ({ ns: NS.dav, name });

/** "HTTP/1.1 404 Not Found" -> 404. */
export function parseStatusLine(line: string | undefined): number | undefined {
  const match = line?.trim().match(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/i);
  return match ? Number(match[1]) : undefined;
}

export function parseMultistatus(xml: string): Multistatus {
  const root = parseXml(xml);
  if (!is(root, dav('multistatus'))) throw new Error(`expected DAV:multistatus, got ${root.name}`);
  const responses = children(root, dav('response')).map((response) => ({
    href: child(response, dav('href'))?.text.trim() ?? '',
    status: parseStatusLine(child(response, dav('status'))?.text),
    propstats: children(response, dav('propstat')).map((propstat) => ({
      status: parseStatusLine(child(propstat, dav('status'))?.text) ?? 200,
      props: child(propstat, dav('prop'))?.children ?? [],
    })),
  }));
  const token = child(root, dav('sync-token'))?.text.trim();
  return { responses, syncToken: token || undefined };
}

/** A property from a 2xx propstat of `response`, if the server returned it. */
export function foundProp(response: MultistatusResponse, q: QName): XmlElement | undefined {
  for (const propstat of response.propstats) {
    if (propstat.status < 200 || propstat.status > 299) continue;
    const prop = propstat.props.find((p) => is(p, q));
    if (prop) return prop;
  }
  return undefined;
}

/** Text of a found property, trimmed; undefined when missing or empty. */
export function propText(response: MultistatusResponse, q: QName): string | undefined {
  const text = foundProp(response, q)?.text.trim();
  return text ? text : undefined;
}

/** Text of the DAV:href inside a found property (current-user-principal, *-home-set). */
export function propHref(response: MultistatusResponse, q: QName): string | undefined {
  const text = child(foundProp(response, q), dav('href'))?.text.trim();
  return text ? text : undefined;
}

/** Names of the precondition elements in a DAV:error body ("valid-sync-token", "no-uid-conflict"). */
export function errorConditions(body: string): string[] {
  if (!body.includes('error')) return [];
  try {
    const root = parseXml(body);
    return is(root, dav('error')) ? root.children.map((c) => c.name) : [];
  } catch {
    return [];
  }
}
