// WBXML global tokens (WAP-192-WBXML section 7.1) and the SyncML code pages: SyncML page 0
// and MetInf page 1 (SyncML Representation 1.0/1.1, RepPro 1.2 WBXML appendix), DevInf page 0
// (DevInf 1.0/1.1/1.2). Each version only adds tokens, except DevInf 1.2, which renames 0x1C
// from Size to MaxSize. Cross-checked against libwbxml's wbxml_tables.c and libsynthesis' xlttags.c.

/** Global tokens, valid on every code page. */
export const Token = {
  SWITCH_PAGE: 0x00,
  END: 0x01,
  ENTITY: 0x02,
  STR_I: 0x03,
  LITERAL: 0x04,
  EXT_I_0: 0x40,
  EXT_I_1: 0x41,
  EXT_I_2: 0x42,
  PI: 0x43,
  LITERAL_C: 0x44,
  EXT_T_0: 0x80,
  EXT_T_1: 0x81,
  EXT_T_2: 0x82,
  STR_T: 0x83,
  LITERAL_A: 0x84,
  EXT_0: 0xc0,
  EXT_1: 0xc1,
  EXT_2: 0xc2,
  OPAQUE: 0xc3,
  LITERAL_AC: 0xc4,
} as const;

/** Bit 7 of a tag token: attributes follow. */
export const TAG_ATTRIBUTES = 0x80;
/** Bit 6 of a tag token: content follows, closed by END. */
export const TAG_CONTENT = 0x40;
/** The low six bits of a tag token: the tag identity on the current page. */
export const TAG_ID = 0x3f;

/** The two WBXML document types SyncML uses. */
export type WbxmlLanguage = 'syncml' | 'devinf';
/** The SyncML (and DevInf) versions with their own token tables. */
export type WbxmlVersion = '1.0' | '1.1' | '1.2';
export const WBXML_VERSIONS: readonly WbxmlVersion[] = ['1.0', '1.1', '1.2'];

/** Namespace of MetInf elements (code page 1 of a SyncML document). */
export const METINF_NAMESPACE = 'syncml:metinf';
/** Namespace of DevInf documents. */
export const DEVINF_NAMESPACE = 'syncml:devinf';

/** Names by tag identity, starting at 0x05 (0x00-0x04 are global tokens). */
type Page = readonly (string | undefined)[];

const SYNCML_10: Page = [
  'Add', 'Alert', 'Archive', 'Atomic', 'Chal', 'Cmd', 'CmdID', 'CmdRef', 'Copy', 'Cred', 'Data', // 0x05-0x0F
  'Delete', 'Exec', 'Final', 'Get', 'Item', 'Lang', 'LocName', 'LocURI', 'Map', 'MapItem', 'Meta', // 0x10-0x1A
  'MsgID', 'MsgRef', 'NoResp', 'NoResults', 'Put', 'Replace', 'RespURI', 'Results', 'Search', // 0x1B-0x23
  'Sequence', 'SessionID', 'SftDel', 'Source', 'SourceRef', 'Status', 'Sync', 'SyncBody', 'SyncHdr', // 0x24-0x2C
  'SyncML', 'Target', 'TargetRef', undefined /* 0x30 reserved */, 'VerDTD', 'VerProto', // 0x2D-0x32
];
const SYNCML_11: Page = [...SYNCML_10, 'NumberOfChanges', 'MoreData']; // 0x33-0x34
const SYNCML_12: Page = [
  ...SYNCML_11,
  'Field', 'Filter', 'Record', 'FilterType', 'SourceParent', 'TargetParent', 'Move', 'Correlator', // 0x35-0x3C
];

const METINF_10: Page = [
  'Anchor', 'EMI', 'Format', 'FreeID', 'FreeMem', 'Last', 'Mark', 'MaxMsgSize', 'Mem', 'MetInf', // 0x05-0x0E
  'Next', 'NextNonce', 'SharedMem', 'Size', 'Type', 'Version', // 0x0F-0x14
];
const METINF_11: Page = [...METINF_10, 'MaxObjSize']; // 0x15
const METINF_12: Page = [...METINF_11, 'FieldLevel']; // 0x16

const DEVINF_10: Page = [
  'CTCap', 'CTType', 'DataStore', 'DataType', 'DevID', 'DevInf', 'DevTyp', 'DisplayName', 'DSMem', // 0x05-0x0D
  'Ext', 'FwV', 'HwV', 'Man', 'MaxGUIDSize', 'MaxID', 'MaxMem', 'Mod', 'OEM', 'ParamName', // 0x0E-0x17
  'PropName', 'Rx', 'Rx-Pref', 'SharedMem', 'Size', 'SourceRef', 'SwV', 'SyncCap', 'SyncType', // 0x18-0x20
  'Tx', 'Tx-Pref', 'ValEnum', 'VerCT', 'VerDTD', 'XNam', 'XVal', // 0x21-0x27
];
const DEVINF_11: Page = [...DEVINF_10, 'UTC', 'SupportNumberOfChanges', 'SupportLargeObjs']; // 0x28-0x2A
const DEVINF_12: Page = [
  ...DEVINF_11.map((name) => (name === 'Size' ? 'MaxSize' : name)), // 0x1C is MaxSize in DevInf 1.2
  'Property', 'PropParam', 'MaxOccur', 'NoTruncate', undefined /* 0x2F reserved */, // 0x2B-0x2F
  'Filter-Rx', 'FilterCap', 'FilterKeyword', 'FieldLevel', 'SupportHierarchicalSync', // 0x30-0x34
];

const FIRST_TAG = 0x05;

/** Code pages by language, version and page number. */
const PAGES: Readonly<Record<WbxmlLanguage, Readonly<Record<WbxmlVersion, readonly Page[]>>>> = {
  syncml: { '1.0': [SYNCML_10, METINF_10], '1.1': [SYNCML_11, METINF_11], '1.2': [SYNCML_12, METINF_12] },
  devinf: { '1.0': [DEVINF_10], '1.1': [DEVINF_11], '1.2': [DEVINF_12] },
};

/**
 * The versions whose tables are consulted for a document of `version`: its own first, then
 * later ones (Nokia sends SyncML 1.2's SourceParent in 1.1 documents; libwbxml accepts it),
 * then earlier ones (DevInf 1.1's Size written into a 1.2 document, as libsynthesis does).
 */
function lookupOrder(version: WbxmlVersion): WbxmlVersion[] {
  const i = WBXML_VERSIONS.indexOf(version);
  return [...WBXML_VERSIONS.slice(i), ...WBXML_VERSIONS.slice(0, i).reverse()];
}

/** One code page of one document type as the reader and writer use it, lookup order applied. */
export interface CodePage {
  /** Element names by tag identity (0x00-0x3F); undefined where no version defines one. */
  readonly names: readonly (string | undefined)[];
  /** Tag identities by element name. */
  readonly ids: ReadonlyMap<string, number>;
}

function buildCodePage(language: WbxmlLanguage, version: WbxmlVersion, page: number): CodePage {
  const names: (string | undefined)[] = new Array<string | undefined>(TAG_ID + 1).fill(undefined);
  const ids = new Map<string, number>();
  for (const v of lookupOrder(version)) {
    const table = PAGES[language][v][page] ?? [];
    table.forEach((name, i) => {
      if (name === undefined) return;
      if (names[i + FIRST_TAG] === undefined) names[i + FIRST_TAG] = name;
      if (!ids.has(name)) ids.set(name, i + FIRST_TAG);
    });
  }
  return { names, ids };
}

/** All code pages, built once: [language][version][page]. */
const CODE_PAGES: Readonly<Record<WbxmlLanguage, Readonly<Record<WbxmlVersion, readonly CodePage[]>>>> = (() => {
  const build = (language: WbxmlLanguage, version: WbxmlVersion): CodePage[] =>
    PAGES[language]['1.2'].map((_, page) => buildCodePage(language, version, page));
  const versions = (language: WbxmlLanguage): Record<WbxmlVersion, CodePage[]> =>
    ({ '1.0': build(language, '1.0'), '1.1': build(language, '1.1'), '1.2': build(language, '1.2') });
  return { syncml: versions('syncml'), devinf: versions('devinf') };
})();

/** The code pages of a document type, indexed by page number. */
export function codePages(language: WbxmlLanguage, version: WbxmlVersion): readonly CodePage[] {
  return CODE_PAGES[language][version];
}

/** Whether `page` exists in documents of `language`. */
export function hasPage(language: WbxmlLanguage, page: number): boolean {
  return page < PAGES[language]['1.2'].length;
}

/** The namespace of the elements on `page` (page 0 of SyncML: the root's, given by the caller). */
export function pageNamespace(language: WbxmlLanguage, page: number, syncmlNamespace: string): string {
  if (language === 'devinf') return DEVINF_NAMESPACE;
  return page === 0 ? syncmlNamespace : METINF_NAMESPACE;
}

/** The element name of tag identity `id` on `page`, or undefined when no version defines it. */
export function tagName(language: WbxmlLanguage, version: WbxmlVersion, page: number, id: number): string | undefined {
  return CODE_PAGES[language][version][page]?.names[id];
}

/** The tag identity of `name` on `page`, or undefined when no version defines it. */
export function tagId(language: WbxmlLanguage, version: WbxmlVersion, page: number, name: string): number | undefined {
  return CODE_PAGES[language][version][page]?.ids.get(name);
}
