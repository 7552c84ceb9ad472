// Shared by the WBXML tests: the recorded corpus, and the structural view two decodings of the
// same message are compared in (names, effective namespaces, text, order; how text was carried,
// STR_I, OPAQUE or CDATA, is not structure).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Element } from '../../../gateway/codec/element.ts';
import { readXml } from '../../../gateway/codec/xml-reader.ts';

export const fixturesDir = join(import.meta.dirname, '..', '..', 'fixtures', 'traces');
export const syncEvolutionDir = join(fixturesDir, 'syncevolution');

/** Files under `dir` (recursively) whose names end in `suffix`, sorted. */
export function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return filesUnder(path, suffix);
      return name.endsWith(suffix) ? [path] : [];
    })
    .sort();
}

/** Every recorded SyncEvolution WBXML message (client and server side). */
export const wbxmlFixtures = filesUnder(syncEvolutionDir, '.wbxml');

export const bytesOf = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
export const xmlTreeOf = (path: string): Element => readXml(bytesOf(path));
export const relativeName = (path: string): string => path.slice(fixturesDir.length + 1);

/** An element as structure only. */
export interface Shape {
  name: string;
  ns: string;
  text?: string;
  children: Shape[];
}

export interface ShapeOptions {
  /**
   * libwbxml reports the devinf+wbxml content type as devinf+xml (it renders the nested
   * document as XML): compare both spellings as one.
   */
  sameDevInfTypes?: boolean;
  /**
   * Compare names and text only: old clients put MetInf elements in the SyncML namespace,
   * which WBXML cannot express (they come back on the MetInf code page).
   */
  ignoreNamespaces?: boolean;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text an element carries, opaque bytes read as UTF-8; undefined when empty. */
export function textOf(el: Element): string | undefined {
  const text = el.opaque === undefined ? el.text : utf8.decode(el.opaque);
  return text === undefined || text === '' ? undefined : text;
}

/** The structural view of a tree, with every element's namespace resolved. */
export function shape(el: Element, options: ShapeOptions = {}, parentNs = ''): Shape {
  const ns = el.ns ?? parentNs;
  let text = textOf(el);
  if (text !== undefined && options.sameDevInfTypes === true) text = text.replace('application/vnd.syncml-devinf+wbxml', 'application/vnd.syncml-devinf+xml');
  const s: Shape = { name: el.name, ns: options.ignoreNamespaces === true ? '' : ns, children: el.children.map((c) => shape(c, options, ns)) };
  if (text !== undefined) s.text = text;
  return s;
}

/** Whether any element of the tree is a DevInf document. */
export function hasDevInf(el: Element): boolean {
  return el.name === 'DevInf' || el.children.some(hasDevInf);
}

/**
 * A decoded message's typed model as plain data, for deepEqual across encodings: opaque item
 * data as text, nested elements by shape, the CDATA flag dropped.
 */
export function plainModel(value: unknown, options: ShapeOptions = {}): unknown {
  if (value instanceof Uint8Array) return utf8.decode(value);
  if (Array.isArray(value)) return value.map((v) => plainModel(v, options));
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && options.sameDevInfTypes === true) return value.replace('devinf+wbxml', 'devinf+xml');
    return value;
  }
  if ('name' in value && 'children' in value) return shape(value as Element, options);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'dataCdata') continue;
    out[key === 'dataBinary' ? 'data' : key] = plainModel(v, options);
  }
  return out;
}
