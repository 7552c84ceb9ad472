// SyncML namespace URIs and the protocol versions they name (OMA DS RepPro 1.2 section 5.1).
import type { SyncMLVersion } from './model.ts';

/** Namespace of Meta information elements (MetInf DTD). */
export const METINF_NS = 'syncml:metinf';
/** Namespace of device information documents (DevInf DTD). */
export const DEVINF_NS = 'syncml:devinf';

/** The SyncML versions this gateway reads and writes. */
export const SYNCML_VERSIONS: readonly SyncMLVersion[] = ['1.0', '1.1', '1.2'];

/** The root namespace of a message of `version`, as SyncML 1.2 spells it. */
export function syncmlNamespace(version: SyncMLVersion): string {
  return `SYNCML:SYNCML${version}`;
}

/** The version a VerDTD value names, if it is one this gateway speaks. */
export function parseVersion(verDTD: string | undefined): SyncMLVersion | undefined {
  const v = verDTD?.trim();
  return SYNCML_VERSIONS.find((known) => known === v);
}

/** The version a root namespace names; clients differ in letter case (`syncml:syncml1.1`). */
export function versionFromNamespace(ns: string | undefined): SyncMLVersion | undefined {
  const m = /^syncml:syncml(\d\.\d)$/i.exec(ns?.trim() ?? '');
  return parseVersion(m?.[1]);
}

/** Namespace URIs compared as SyncML clients treat them: ignoring letter case. */
export function sameNamespace(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
