// WBXML bytes -> Element tree (WAP-192-WBXML 1.1-1.3, SyncML and DevInf code pages), inside the
// limits of limits.ts. Elements get the namespaces the XML reader would give them: the root
// SYNCML:SYNCML1.x, MetInf (page 1) syncml:metinf, DevInf syncml:devinf, set where they change.
import type { Element } from './element.ts';
import { CodecError, TreeBudget, checkMessageSize, resolveLimits, type CodecLimits } from './limits.ts';
import { ByteCursor } from './wbxml-bytes.ts';
import { finishContent, finishText, type ContentPart } from './wbxml-content.ts';
import { declaresDevInf, typeFromWbxml } from './wbxml-devinf-type.ts';
import { readHeader, type WbxmlHeader } from './wbxml-header.ts';
import { parseVersion, rootNamespace, type DocumentType } from './wbxml-public-ids.ts';
import {
  DEVINF_NAMESPACE,
  METINF_NAMESPACE,
  TAG_ATTRIBUTES,
  TAG_CONTENT,
  TAG_ID,
  Token,
  codePages,
  hasPage,
  tagId,
  type CodePage,
  type WbxmlLanguage,
} from './wbxml-tokens.ts';

/** A string from the input as error messages quote it: never more than 40 characters. */
const quoted = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}...` : s);

/** Tag identity of DevInf on DevInf page 0: starts an inline DevInf document inside Data. */
const DEVINF_TAG = 0x0a;

/** Flags of the literal tag tokens, which carry no tag identity in their low bits. */
function literalFlags(t: number): number {
  return t === Token.LITERAL ? 0 : t === Token.LITERAL_A ? TAG_ATTRIBUTES : t === Token.LITERAL_C ? TAG_CONTENT : TAG_ATTRIBUTES | TAG_CONTENT;
}

/** An open element with content. Frames are reused from one element to the next. */
interface Frame {
  element: Element;
  uri: string;
  language: WbxmlLanguage;
  /** The string content so far, while no opaque chunk came. */
  text: string;
  /** All content parts in order, once an opaque chunk came (the strings before it included). */
  parts: ContentPart[] | undefined;
  length: number;
}

/** One document: the top-level message, or a DevInf document nested in opaque Data. */
class DocumentParser {
  /** Open elements with content, frames[0..depth); frames past depth are kept for reuse. */
  private readonly frames: Frame[] = [];
  private depth = 0;
  private page = 0;
  private syncmlUri: string;
  private root: Element | undefined;
  /** Code pages of the document's language, and of DevInf for DevInf written inline. */
  private readonly pages: readonly CodePage[];
  private readonly devInfPages: readonly CodePage[];

  constructor(
    private readonly cursor: ByteCursor,
    private readonly header: WbxmlHeader,
    private readonly type: DocumentType,
    private readonly budget: TreeBudget,
    /** Depth of the element this document is nested in (0 at top level). */
    private readonly depthOffset: number,
    /** Whether `type` was guessed (public id unknown): the root namespace then comes from VerDTD. */
    private readonly guessed: boolean,
  ) {
    this.syncmlUri = guessed ? '' : rootNamespace(type);
    this.pages = codePages(type.language, type.version);
    this.devInfPages = codePages('devinf', type.version);
  }

  parse(): Element {
    const cursor = this.cursor;
    while (this.root === undefined || this.depth > 0) {
      const t = cursor.next();
      if (t < 0) throw new CodecError('truncated', `WBXML ends where ${this.expecting()} was expected (offset ${cursor.offset})`);
      this.token(t);
    }
    if (!cursor.atEnd()) {
      throw new CodecError('malformed', `${cursor.remaining} bytes after the root element (offset ${cursor.offset})`);
    }
    const root = this.root;
    if (root === undefined) throw new CodecError('malformed', 'no root element');
    if (this.guessed && root.name === 'SyncML') {
      const verDTD = root.children.find((c) => c.name === 'SyncHdr')?.children.find((c) => c.name === 'VerDTD');
      const version = parseVersion(verDTD?.text);
      if (version !== undefined) root.ns = rootNamespace({ language: 'syncml', version });
    }
    return root;
  }

  private top(): Frame | undefined {
    return this.depth === 0 ? undefined : this.frames[this.depth - 1];
  }

  private expecting(): string {
    const open = this.top();
    return open === undefined ? 'the root element' : `the end of <${open.element.name}>`;
  }

  private language(): WbxmlLanguage {
    return this.top()?.language ?? this.type.language;
  }

  private token(t: number): void {
    switch (t) {
      case Token.SWITCH_PAGE: return this.switchPage();
      case Token.END: return this.end();
      case Token.STR_I: return this.text(this.cursor.terminatedString('an inline string', this.header.decode));
      case Token.STR_T: return this.text(this.header.strings.at(this.cursor.mbUInt32('a string-table offset')));
      case Token.ENTITY: return this.text(this.entity());
      case Token.OPAQUE: {
        const length = this.cursor.mbUInt32('an opaque length');
        return this.opaque(this.cursor.take(length, 'opaque data'));
      }
      case Token.PI:
        throw new CodecError('malformed', `processing instruction at offset ${this.cursor.offset - 1}: not used in SyncML`);
      case Token.EXT_I_0: case Token.EXT_I_1: case Token.EXT_I_2:
      case Token.EXT_T_0: case Token.EXT_T_1: case Token.EXT_T_2:
      case Token.EXT_0: case Token.EXT_1: case Token.EXT_2:
        throw new CodecError('malformed', `extension token 0x${t.toString(16)} at offset ${this.cursor.offset - 1}: not used in SyncML`);
      default:
        return this.tag(t);
    }
  }

  private switchPage(): void {
    const page = this.cursor.byte('a code page number');
    if (!hasPage(this.language(), page)) {
      throw new CodecError('unknown-token', `code page ${page} does not exist in ${this.language() === 'syncml' ? 'SyncML' : 'DevInf'} (offset ${this.cursor.offset - 1})`);
    }
    this.page = page;
  }

  private entity(): string {
    const code = this.cursor.mbUInt32('an entity');
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new CodecError('malformed', `entity ${code} is not a character`);
    return String.fromCodePoint(code);
  }

  private openFrame(): Frame {
    const frame = this.top();
    if (frame === undefined) throw new CodecError('malformed', `content outside the root element (offset ${this.cursor.offset})`);
    return frame;
  }

  private text(part: string): void {
    const frame = this.openFrame();
    if (part.length === 0) return;
    if (frame.parts === undefined) frame.text += part;
    else frame.parts.push(part);
    frame.length += part.length;
    this.budget.text(frame.length);
  }

  private opaque(part: Uint8Array): void {
    const frame = this.openFrame();
    if (part.length === 0) return;
    if (frame.parts === undefined) frame.parts = frame.text === '' ? [part] : [frame.text, part];
    else frame.parts.push(part);
    frame.length += part.length;
    this.budget.text(frame.length);
  }

  private tag(t: number): void {
    const at = this.cursor.offset - 1;
    const parent = this.top();
    if (this.root !== undefined && parent === undefined) throw new CodecError('malformed', `second root element at offset ${at}`);
    let language = parent === undefined ? this.type.language : parent.language;
    let name: string | undefined;
    let flags: number;
    if ((t & TAG_ID) === Token.LITERAL) {
      // A tag named through the string table: accepted when it names a tag of the current page.
      const literal = this.header.strings.at(this.cursor.mbUInt32('a literal tag offset'));
      if (tagId(language, this.type.version, this.page, literal) === undefined) {
        throw new CodecError('unknown-token', `unknown literal tag ${quoted(literal)} on code page ${this.page} at offset ${at}`);
      }
      name = literal;
      flags = literalFlags(t);
    } else {
      const id = t & TAG_ID;
      let pages = language === 'syncml' ? this.pages : this.devInfPages;
      if (language === 'syncml' && this.page === 0 && id === DEVINF_TAG && parent?.element.name === 'Data' && parent.language === 'syncml') {
        language = 'devinf'; // DevInf written inline, in its own page 0, instead of as opaque
        pages = this.devInfPages;
      }
      name = pages[this.page]?.names[id];
      if (name === undefined) throw new CodecError('unknown-token', `unknown tag 0x${id.toString(16)} on code page ${this.page} at offset ${at}`);
      flags = t & (TAG_ATTRIBUTES | TAG_CONTENT);
    }
    this.budget.open(this.depthOffset + this.depth + 1);
    if ((flags & TAG_ATTRIBUTES) !== 0) this.attributes(name, parent === undefined);
    const uri = language === 'devinf' ? DEVINF_NAMESPACE : this.page === 0 ? this.syncmlUri : METINF_NAMESPACE;
    const element: Element = { name, children: [] };
    if (parent === undefined ? uri !== '' : uri !== parent.uri) element.ns = uri;
    if (parent === undefined) this.root = element;
    else parent.element.children.push(element);
    if ((flags & TAG_CONTENT) === 0) return;
    let frame = this.frames[this.depth];
    if (frame === undefined) {
      frame = { element, uri, language, text: '', parts: undefined, length: 0 };
      this.frames.push(frame);
    } else {
      frame.element = element;
      frame.uri = uri;
      frame.language = language;
      frame.text = '';
      frame.parts = undefined;
      frame.length = 0;
    }
    this.depth += 1;
  }

  /**
   * SyncML uses no attributes. The one tolerated: an `xmlns` on the root, which some Nokia
   * software writes as a literal with offset 0 and no string table (libwbxml's workaround).
   */
  private attributes(name: string, isRoot: boolean): void {
    for (;;) {
      const t = this.cursor.byte(`the attributes of <${name}>`);
      if (t === Token.END) return;
      if (t !== Token.LITERAL || !isRoot) throw new CodecError('malformed', `attributes on <${name}>: not used in SyncML`);
      const offset = this.cursor.mbUInt32('an attribute name offset');
      const attribute = offset === 0 && this.header.strings.length === 0 ? 'xmlns' : this.header.strings.at(offset);
      if (attribute !== 'xmlns') throw new CodecError('malformed', `attribute ${quoted(attribute)} on <${name}>: not used in SyncML`);
      let value = '';
      while (this.cursor.peek() === Token.STR_I || this.cursor.peek() === Token.STR_T) {
        const kind = this.cursor.byte('an attribute value');
        value += kind === Token.STR_I
          ? this.header.decode(this.cursor.terminated('an attribute value'), 'an attribute value')
          : this.header.strings.at(this.cursor.mbUInt32('a string-table offset'));
        this.budget.text(value.length); // STR_T can repeat one long entry: bounded like text
      }
      if (this.type.language === 'syncml' && value !== '') this.syncmlUri = value;
    }
  }

  private end(): void {
    if (this.depth === 0) throw new CodecError('malformed', `END outside any element (offset ${this.cursor.offset - 1})`);
    this.depth -= 1;
    const frame = this.frames[this.depth] as Frame;
    const el = frame.element;
    if (frame.parts !== undefined) this.finishMixed(frame);
    else if (frame.text !== '') finishText(el, frame.text);
    if (frame.language === 'syncml' && el.name === 'Type' && el.text !== undefined) el.text = typeFromWbxml(el.text);
  }

  /** Content with opaque chunks (item data, nested DevInf): the frame just closed, at `depth`. */
  private finishMixed(frame: Frame): void {
    const item = this.top()?.element;
    const itemData = frame.language === 'syncml' && frame.element.name === 'Data' && item?.name === 'Item';
    const command = this.depth >= 2 ? this.frames[this.depth - 2]?.element : undefined;
    const place = {
      element: frame.element,
      uri: frame.uri,
      itemData,
      declaresDevInf: itemData && declaresDevInf(item, command),
    };
    const depth = this.depthOffset + this.depth + 1;
    finishContent(place, frame.parts ?? [], (bytes) => parseDocument(bytes, this.budget, depth, { language: 'devinf', version: this.type.version }));
  }
}

/**
 * Parses one document. A public id naming neither SyncML nor DevInf (unknown, 1) makes the
 * parser assume `fallback`. A nested document (depthOffset > 0; wbxml-content.ts only nests
 * DevInf documents) must have a DevInf root.
 */
function parseDocument(bytes: Uint8Array, budget: TreeBudget, depthOffset: number, fallback: DocumentType): Element {
  const cursor = new ByteCursor(bytes);
  const header = readHeader(cursor);
  const known = header.documentType;
  const root = new DocumentParser(cursor, header, known ?? fallback, budget, depthOffset, known === undefined).parse();
  if (depthOffset > 0 && root.name !== 'DevInf') throw new CodecError('malformed', `nested document <${root.name}> is not DevInf`);
  return root;
}

/**
 * Parses one WBXML message (or a standalone DevInf document).
 * @throws CodecError for oversized, truncated, too deep, unknown-token or otherwise malformed input.
 */
export function readWbxml(bytes: Uint8Array, limits?: Partial<CodecLimits>): Element {
  const bounds = resolveLimits(limits);
  checkMessageSize(bytes.length, bounds);
  return parseDocument(bytes, new TreeBudget(bounds), 0, { language: 'syncml', version: '1.2' });
}
