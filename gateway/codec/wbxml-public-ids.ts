// Document public identifiers of SyncML WBXML documents (WAP-192-WBXML section 5.5): the
// numbers OMNA registered (0x0FD1-0x0FD4, 0x1201, 0x1203; libwbxml's wbxml_tables.h) and the
// FPI strings a document may name through its string table instead.
import { DEVINF_NAMESPACE, WBXML_VERSIONS, type WbxmlLanguage, type WbxmlVersion } from './wbxml-tokens.ts';

/** What a public identifier names. */
export interface DocumentType {
  language: WbxmlLanguage;
  version: WbxmlVersion;
}

const NUMERIC: ReadonlyArray<readonly [number, DocumentType]> = [
  [0x0fd1, { language: 'syncml', version: '1.0' }],
  [0x0fd2, { language: 'devinf', version: '1.0' }],
  [0x0fd3, { language: 'syncml', version: '1.1' }],
  [0x0fd4, { language: 'devinf', version: '1.1' }],
  [0x1201, { language: 'syncml', version: '1.2' }],
  [0x1203, { language: 'devinf', version: '1.2' }],
];

/** The FPI of a document type: `-//SYNCML//DTD SyncML 1.2//EN`, `-//SYNCML//DTD DevInf 1.1//EN`. */
export function formalPublicId(type: DocumentType): string {
  return `-//SYNCML//DTD ${type.language === 'syncml' ? 'SyncML' : 'DevInf'} ${type.version}//EN`;
}

/** The registered number of a document type. */
export function numericPublicId(type: DocumentType): number {
  const entry = NUMERIC.find(([, t]) => t.language === type.language && t.version === type.version);
  if (entry === undefined) throw new Error(`no public id for ${type.language} ${type.version}`);
  return entry[0];
}

/** The document type a registered number names, if it is a SyncML or DevInf one. */
export function typeOfNumericId(id: number): DocumentType | undefined {
  return NUMERIC.find(([n]) => n === id)?.[1];
}

/** The document type an FPI names (letter case and surrounding blanks ignored). */
export function typeOfFormalId(fpi: string): DocumentType | undefined {
  const m = /^-\/\/SYNCML\/\/DTD (SyncML|DevInf) (\d\.\d)\/\/EN$/i.exec(fpi.trim());
  const version = WBXML_VERSIONS.find((v) => v === m?.[2]);
  if (m === null || version === undefined) return undefined;
  return { language: m[1]?.toLowerCase() === 'syncml' ? 'syncml' : 'devinf', version };
}

/** The root namespace of a document type, as the XML reader reports it. */
export function rootNamespace(type: DocumentType): string {
  return type.language === 'syncml' ? `SYNCML:SYNCML${type.version}` : DEVINF_NAMESPACE;
}

/** The SyncML version a root namespace names (`SYNCML:SYNCML1.1`, any letter case). */
export function versionOfNamespace(ns: string | undefined): WbxmlVersion | undefined {
  const m = /^syncml:syncml(\d\.\d)$/i.exec(ns?.trim() ?? '');
  return WBXML_VERSIONS.find((v) => v === m?.[1]);
}

/** A version named by VerDTD text, if it is one with token tables. */
export function parseVersion(text: string | undefined): WbxmlVersion | undefined {
  const t = text?.trim();
  return WBXML_VERSIONS.find((v) => v === t);
}
