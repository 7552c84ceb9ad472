// Element tree -> WBXML bytes, written the way libsynthesis (SyncEvolution, Synthesis clients)
// writes SyncML: WBXML 1.2, UTF-8, numeric public ids for 1.1/1.2 and the FPI for 1.0,
// code pages switched only when a tag needs another one, strings inline (STR_I), item Data as
// OPAQUE (no escaping, any byte), and a DevInf document as OPAQUE holding a complete WBXML
// DevInf document (xltenc.c subdtdEncWBXML), its Meta Type saying devinf+wbxml
// (wbxml-devinf-type.ts). No string table, no attributes.
import type { Element } from './element.ts';
import { CodecError } from './limits.ts';
import { ByteWriter } from './wbxml-bytes.ts';
import { typeToWbxml } from './wbxml-devinf-type.ts';
import { writeHeader, type PublicIdForm } from './wbxml-header.ts';
import { parseVersion, versionOfNamespace, type DocumentType } from './wbxml-public-ids.ts';
import { DEVINF_NAMESPACE, METINF_NAMESPACE, TAG_CONTENT, Token, codePages, type CodePage } from './wbxml-tokens.ts';

export interface WbxmlWriteOptions {
  /** How public ids are written; by default numeric, except SyncML/DevInf 1.0 by FPI (as libsynthesis). */
  publicId?: PublicIdForm;
}

const sameNamespace = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const isDevInfNamespace = (ns: string): boolean => sameNamespace(ns, DEVINF_NAMESPACE);

function childText(el: Element, ...path: string[]): string | undefined {
  let at: Element | undefined = el;
  for (const name of path) at = at?.children.find((c) => c.name === name);
  return at?.text;
}

/** The document a tree is: its root namespace, else its VerDTD. */
function documentTypeOf(root: Element): DocumentType {
  const fromNamespace = versionOfNamespace(root.ns);
  if (fromNamespace !== undefined) return { language: 'syncml', version: fromNamespace };
  if (root.name === 'DevInf' && (root.ns === undefined || isDevInfNamespace(root.ns))) {
    return { language: 'devinf', version: parseVersion(childText(root, 'VerDTD')) ?? '1.2' };
  }
  const version = root.name === 'SyncML' && root.ns === undefined ? parseVersion(childText(root, 'SyncHdr', 'VerDTD')) : undefined;
  if (version !== undefined) return { language: 'syncml', version };
  throw new CodecError('unknown-token', `no WBXML document type for <${root.name}> in namespace "${root.ns ?? ''}"`);
}

/** What a namespace is to the writer: it picks the code page tried first. */
const enum NamespaceKind {
  SyncML, // any SYNCML:SYNCML1.x: page 0
  MetInf, // page 1
  DevInf, // a nested DevInf document in a SyncML message
  Other, // the current page
}

const namespaceKinds = new Map<string, NamespaceKind>();

function namespaceKind(ns: string): NamespaceKind {
  let kind = namespaceKinds.get(ns);
  if (kind !== undefined) return kind;
  if (sameNamespace(ns, METINF_NAMESPACE)) kind = NamespaceKind.MetInf;
  else if (isDevInfNamespace(ns)) kind = NamespaceKind.DevInf;
  else if (versionOfNamespace(ns) !== undefined) kind = NamespaceKind.SyncML;
  else kind = NamespaceKind.Other;
  if (namespaceKinds.size < 64) namespaceKinds.set(ns, kind); // a few distinct ones in practice; bounded anyway
  return kind;
}

class DocumentWriter {
  private page = 0;
  private readonly pages: readonly CodePage[];

  constructor(
    private readonly out: ByteWriter,
    private readonly type: DocumentType,
    private readonly options: WbxmlWriteOptions,
  ) {
    this.pages = codePages(type.language, type.version);
  }

  write(root: Element, rootNs: string): void {
    writeHeader(this.out, this.type, this.options.publicId ?? (this.type.version === '1.0' ? 'string' : 'numeric'));
    this.element(root, rootNs, namespaceKind(rootNs), undefined);
  }

  /**
   * Writes the tag of element `name` in namespace `ns`, switching the code page if needed. The
   * page of the namespace is tried first; then, by name, the others: old clients leave MetInf
   * elements in the SyncML namespace (`<Meta><Format>b64</Format>`), and WBXML cannot name any
   * other namespace.
   */
  private tag(name: string, ns: string, kind: NamespaceKind, flags: number): void {
    let first = this.page;
    if (this.type.language === 'devinf') first = 0;
    else if (kind === NamespaceKind.MetInf) first = 1;
    else if (kind === NamespaceKind.SyncML) first = 0;
    let page = first;
    let id = this.pages[first]?.ids.get(name);
    for (let p = 0; id === undefined && p < this.pages.length; p++) {
      if (p === first) continue;
      page = p;
      id = this.pages[p]?.ids.get(name);
    }
    if (id === undefined) {
      throw new CodecError('unknown-token', `no WBXML token for <${name}> in namespace "${ns}" (${this.type.language} ${this.type.version})`);
    }
    if (page !== this.page) {
      this.out.byte(Token.SWITCH_PAGE);
      this.out.byte(page);
      this.page = page;
    }
    this.out.byte(id | flags);
  }

  // Each property of an element is read once: trees come in many object shapes, and every
  // read is a lookup.
  private element(el: Element, ns: string, kind: NamespaceKind, parentName: string | undefined): void {
    const name = el.name;
    const children = el.children;
    const opaque = el.opaque;
    let text = opaque === undefined ? (el.text ?? '') : '';
    const syncml = this.type.language === 'syncml';
    if (syncml && name === 'Type') text = typeToWbxml(text);
    const hasOpaque = opaque !== undefined && opaque.length > 0;
    const hasContent = children.length > 0 || text !== '' || hasOpaque;
    this.tag(name, ns, kind, hasContent ? TAG_CONTENT : 0);
    if (!hasContent) return;
    const out = this.out;
    if (hasOpaque) {
      out.byte(Token.OPAQUE);
      out.mbUInt32(opaque.length);
      out.bytes(opaque);
    } else if (text !== '') {
      if ((name === 'Data' && parentName === 'Item') || text.includes('\0')) {
        // item data (as libsynthesis writes it) and anything holding a NUL go as OPAQUE
        out.byte(Token.OPAQUE);
        out.mbUInt32(Buffer.byteLength(text, 'utf8'));
        out.utf8(text);
      } else {
        out.byte(Token.STR_I);
        out.utf8(text);
        out.byte(0);
      }
    }
    for (let i = 0; i < children.length; i++) {
      const c = children[i] as Element;
      const childNs = c.ns;
      if (childNs === undefined) this.element(c, ns, kind, name);
      else {
        const childKind = namespaceKind(childNs);
        if (syncml && childKind === NamespaceKind.DevInf) this.nestedDevInf(c);
        else this.element(c, childNs, childKind, name);
      }
    }
    out.byte(Token.END);
  }

  /** A DevInf element as OPAQUE holding a complete WBXML DevInf document, built in place. */
  private nestedDevInf(devInf: Element): void {
    const version = parseVersion(childText(devInf, 'VerDTD')) ?? this.type.version;
    this.out.byte(Token.OPAQUE);
    this.out.lengthPrefixed(() => new DocumentWriter(this.out, { language: 'devinf', version }, this.options).write(devInf, DEVINF_NAMESPACE));
  }
}

/** The output buffer writeWbxml reuses from one message to the next (the result is a copy). */
let scratch: Buffer | undefined;
/** A larger buffer than this is not kept once the message is written. */
const SCRATCH_KEPT = 1024 * 1024;

/**
 * Serialises a SyncML message (or a DevInf document) as WBXML. The public id follows the root
 * namespace (`SYNCML:SYNCML1.1` -> SyncML 1.1), or VerDTD when the root has none.
 * @throws CodecError `unknown-token` for an element no SyncML version has a token for.
 */
export function writeWbxml(root: Element, options: WbxmlWriteOptions = {}): Uint8Array {
  const type = documentTypeOf(root);
  const out = new ByteWriter(scratch ?? Buffer.allocUnsafe(64 * 1024));
  scratch = undefined; // not shared while in use
  try {
    new DocumentWriter(out, type, options).write(root, type.language === 'devinf' ? DEVINF_NAMESPACE : (root.ns ?? `SYNCML:SYNCML${type.version}`));
    return out.result();
  } finally {
    if (out.buffer.length <= SCRATCH_KEPT) scratch = out.buffer;
  }
}
