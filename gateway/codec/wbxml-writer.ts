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
import { DEVINF_NAMESPACE, METINF_NAMESPACE, TAG_CONTENT, Token, hasPage, tagId } from './wbxml-tokens.ts';

export interface WbxmlWriteOptions {
  /** How public ids are written; by default numeric, except SyncML/DevInf 1.0 by FPI (as libsynthesis). */
  publicId?: PublicIdForm;
}

const encoder = new TextEncoder();

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

/** Text that goes as OPAQUE: item data (as libsynthesis writes it) and anything holding a NUL. */
function opaqueText(el: Element, parent: Element | undefined, text: string): boolean {
  return (el.name === 'Data' && parent?.name === 'Item') || text.includes('\0');
}

class DocumentWriter {
  private page = 0;

  constructor(
    private readonly out: ByteWriter,
    private readonly type: DocumentType,
    private readonly options: WbxmlWriteOptions,
  ) {}

  write(root: Element, rootNs: string): void {
    writeHeader(this.out, this.type, this.options.publicId ?? (this.type.version === '1.0' ? 'string' : 'numeric'));
    this.element(root, rootNs, undefined);
  }

  /** The code page and tag identity of `el` in namespace `ns`. */
  private token(el: Element, ns: string): [page: number, id: number] {
    const { language, version } = this.type;
    // The page of the namespace first; then, by name, the others: old clients leave MetInf
    // elements in the SyncML namespace (`<Meta><Format>b64</Format>`), and WBXML cannot name
    // any other namespace.
    let first = this.page;
    if (language === 'devinf') first = 0;
    else if (sameNamespace(ns, METINF_NAMESPACE)) first = 1;
    else if (versionOfNamespace(ns) !== undefined) first = 0;
    const pages = [first, ...[0, 1].filter((p) => p !== first)];
    for (const page of pages.filter((p) => hasPage(language, p))) {
      const id = tagId(language, version, page, el.name);
      if (id !== undefined) return [page, id];
    }
    throw new CodecError('unknown-token', `no WBXML token for <${el.name}> in namespace "${ns}" (${language} ${version})`);
  }

  private element(el: Element, ns: string, parent: Element | undefined): void {
    const [page, id] = this.token(el, ns);
    if (page !== this.page) {
      this.out.byte(Token.SWITCH_PAGE);
      this.out.byte(page);
      this.page = page;
    }
    let text = el.opaque === undefined ? (el.text ?? '') : '';
    if (this.type.language === 'syncml' && el.name === 'Type') text = typeToWbxml(text);
    const hasContent = el.children.length > 0 || text !== '' || (el.opaque?.length ?? 0) > 0;
    this.out.byte(hasContent ? id | TAG_CONTENT : id);
    if (!hasContent) return;
    if (el.opaque !== undefined && el.opaque.length > 0) this.opaque(el.opaque);
    else if (text !== '' && opaqueText(el, parent, text)) this.opaque(encoder.encode(text));
    else if (text !== '') this.inlineString(text);
    for (const c of el.children) {
      const childNs = c.ns ?? ns;
      if (this.type.language === 'syncml' && isDevInfNamespace(childNs)) this.opaque(this.nestedDevInf(c));
      else this.element(c, childNs, el);
    }
    this.out.byte(Token.END);
  }

  private nestedDevInf(devInf: Element): Uint8Array {
    const version = parseVersion(childText(devInf, 'VerDTD')) ?? this.type.version;
    const out = new ByteWriter();
    new DocumentWriter(out, { language: 'devinf', version }, this.options).write(devInf, DEVINF_NAMESPACE);
    return out.result();
  }

  private opaque(bytes: Uint8Array): void {
    this.out.byte(Token.OPAQUE);
    this.out.mbUInt32(bytes.length);
    this.out.bytes(bytes);
  }

  private inlineString(text: string): void {
    this.out.byte(Token.STR_I);
    this.out.bytes(encoder.encode(text));
    this.out.byte(0);
  }
}

/**
 * Serialises a SyncML message (or a DevInf document) as WBXML. The public id follows the root
 * namespace (`SYNCML:SYNCML1.1` -> SyncML 1.1), or VerDTD when the root has none.
 * @throws CodecError `unknown-token` for an element no SyncML version has a token for.
 */
export function writeWbxml(root: Element, options: WbxmlWriteOptions = {}): Uint8Array {
  const type = documentTypeOf(root);
  const out = new ByteWriter();
  new DocumentWriter(out, type, options).write(root, type.language === 'devinf' ? DEVINF_NAMESPACE : (root.ns ?? `SYNCML:SYNCML${type.version}`));
  return out.result();
}
