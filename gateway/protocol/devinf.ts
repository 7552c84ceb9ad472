// DevInf element <-> typed DevInf (DevInf DTD 1.0/1.1/1.2), namespace syncml:devinf.
import { child, childText, element, textElement, type Element } from '../codec/element.ts';
import { flag, optionalFlag, optionalText, parseInteger, requiredText, texts } from './common.ts';
import type {
  ContentTypeCapability, ContentTypeRef, DataStoreMemory, DevInf, DevInfDataStore,
} from './devinf-model.ts';
import type { SyncMLVersion } from './model.ts';
import { DEVINF_NS } from './namespaces.ts';

export type * from './devinf-model.ts';

const DATASTORE_FIELDS = new Set([
  'SourceRef', 'DisplayName', 'MaxGUIDSize', 'Rx-Pref', 'Rx', 'Tx-Pref', 'Tx', 'CTCap',
  'DSMem', 'SupportHierarchicalSync', 'SyncCap',
]);
const DEVINF_FIELDS = new Set([
  'VerDTD', 'Man', 'Mod', 'OEM', 'FwV', 'SwV', 'HwV', 'DevID', 'DevTyp', 'UTC',
  'SupportLargeObjs', 'SupportNumberOfChanges', 'DataStore', 'CTCap', 'Ext',
]);

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function extraOf(el: Element, known: ReadonlySet<string>): Element[] | undefined {
  const extra = el.children.filter((c) => !known.has(c.name));
  return extra.length > 0 ? extra : undefined;
}

function readContentType(el: Element): ContentTypeRef {
  const ref: ContentTypeRef = { ctType: requiredText(el, 'CTType') };
  assign(ref, 'verCT', childText(el, 'VerCT'));
  return ref;
}

function writeContentType(name: string, ref: ContentTypeRef): Element {
  return element(name, [textElement('CTType', ref.ctType), ...optionalText('VerCT', ref.verCT)]);
}

function readCTCaps(parent: Element): ContentTypeCapability[] {
  return parent.children
    .filter((c) => c.name === 'CTCap')
    .map((el) => ({ ctTypes: texts(el, 'CTType'), element: el }));
}

function readMemory(el: Element): DataStoreMemory {
  const mem: DataStoreMemory = {};
  if (flag(el, 'SharedMem')) mem.sharedMem = true;
  assign(mem, 'maxMem', parseInteger(childText(el, 'MaxMem')));
  assign(mem, 'maxID', parseInteger(childText(el, 'MaxID')));
  return mem;
}

function writeMemory(mem: DataStoreMemory): Element {
  return element('DSMem', [
    ...optionalFlag('SharedMem', mem.sharedMem),
    ...optionalText('MaxMem', mem.maxMem),
    ...optionalText('MaxID', mem.maxID),
  ]);
}

function readDataStore(el: Element): DevInfDataStore {
  const ds: DevInfDataStore = {
    sourceRef: requiredText(el, 'SourceRef'),
    rx: el.children.filter((c) => c.name === 'Rx').map(readContentType),
    tx: el.children.filter((c) => c.name === 'Tx').map(readContentType),
    ctCaps: readCTCaps(el),
    syncTypes: texts(child(el, 'SyncCap') ?? element('SyncCap'), 'SyncType').map((t) => parseInteger(t) ?? 0),
  };
  assign(ds, 'displayName', childText(el, 'DisplayName'));
  assign(ds, 'maxGUIDSize', parseInteger(childText(el, 'MaxGUIDSize')));
  const rxPref = child(el, 'Rx-Pref');
  const txPref = child(el, 'Tx-Pref');
  const dsMem = child(el, 'DSMem');
  if (rxPref !== undefined) ds.rxPref = readContentType(rxPref);
  if (txPref !== undefined) ds.txPref = readContentType(txPref);
  if (dsMem !== undefined) ds.dsMem = readMemory(dsMem);
  if (flag(el, 'SupportHierarchicalSync')) ds.supportHierarchicalSync = true;
  assign(ds, 'extra', extraOf(el, DATASTORE_FIELDS));
  return ds;
}

function writeDataStore(ds: DevInfDataStore, version: SyncMLVersion): Element {
  return element('DataStore', [
    textElement('SourceRef', ds.sourceRef),
    ...optionalText('DisplayName', ds.displayName),
    ...optionalText('MaxGUIDSize', ds.maxGUIDSize),
    ...(ds.rxPref === undefined ? [] : [writeContentType('Rx-Pref', ds.rxPref)]),
    ...ds.rx.map((r) => writeContentType('Rx', r)),
    ...(ds.txPref === undefined ? [] : [writeContentType('Tx-Pref', ds.txPref)]),
    ...ds.tx.map((t) => writeContentType('Tx', t)),
    ...(version === '1.2' ? ds.ctCaps.map((c) => c.element) : []),
    ...(ds.dsMem === undefined ? [] : [writeMemory(ds.dsMem)]),
    ...(version === '1.2' ? optionalFlag('SupportHierarchicalSync', ds.supportHierarchicalSync) : []),
    element('SyncCap', ds.syncTypes.map((t) => textElement('SyncType', String(t)))),
    ...(ds.extra ?? []),
  ]);
}

/** Reads a DevInf element (the Data of a Put or Results for ./devinf1x). */
export function readDevInf(el: Element): DevInf {
  const d: DevInf = {
    verDTD: requiredText(el, 'VerDTD'),
    devID: requiredText(el, 'DevID'),
    devTyp: requiredText(el, 'DevTyp'),
    utc: flag(el, 'UTC'),
    supportLargeObjs: flag(el, 'SupportLargeObjs'),
    supportNumberOfChanges: flag(el, 'SupportNumberOfChanges'),
    dataStores: el.children.filter((c) => c.name === 'DataStore').map(readDataStore),
    ctCaps: readCTCaps(el),
    ext: el.children.filter((c) => c.name === 'Ext'),
  };
  assign(d, 'man', childText(el, 'Man'));
  assign(d, 'mod', childText(el, 'Mod'));
  assign(d, 'oem', childText(el, 'OEM'));
  assign(d, 'fwV', childText(el, 'FwV'));
  assign(d, 'swV', childText(el, 'SwV'));
  assign(d, 'hwV', childText(el, 'HwV'));
  assign(d, 'extra', extraOf(el, DEVINF_FIELDS));
  return d;
}

/**
 * Writes a DevInf element in DTD order for `version`: UTC and the Support* flags only from
 * 1.1 on; DataStore CTCaps inside their DataStore for 1.2, at DevInf level before that.
 * CTCap contents are written as kept: they are not converted between the 1.1 flat and the
 * 1.2 Property layouts.
 */
export function writeDevInf(d: DevInf, version: SyncMLVersion): Element {
  const legacyCaps = version === '1.2' ? [] : d.dataStores.flatMap((ds) => ds.ctCaps);
  return element('DevInf', [
    textElement('VerDTD', d.verDTD),
    ...optionalText('Man', d.man),
    ...optionalText('Mod', d.mod),
    ...optionalText('OEM', d.oem),
    ...optionalText('FwV', d.fwV),
    ...optionalText('SwV', d.swV),
    ...optionalText('HwV', d.hwV),
    textElement('DevID', d.devID),
    textElement('DevTyp', d.devTyp),
    ...(version === '1.0' ? [] : [
      ...optionalFlag('UTC', d.utc),
      ...optionalFlag('SupportLargeObjs', d.supportLargeObjs),
      ...optionalFlag('SupportNumberOfChanges', d.supportNumberOfChanges),
    ]),
    ...d.dataStores.map((ds) => writeDataStore(ds, version)),
    ...[...d.ctCaps, ...legacyCaps].map((c) => c.element),
    ...d.ext,
    ...(d.extra ?? []),
  ], DEVINF_NS);
}

/**
 * The property names a device's CTCap lists for `ctType` (upper case), or undefined when it
 * lists none. Reads both the 1.0/1.1 flat layout (CTType, PropName, ... CTType, ...) and the
 * 1.2 one (CTType, VerCT, Property/PropName).
 */
export function supportedProperties(caps: readonly ContentTypeCapability[], ctType: string): Set<string> | undefined {
  const wanted = ctType.toLowerCase();
  let found: Set<string> | undefined;
  for (const cap of caps) {
    let current: string | undefined;
    for (const child of cap.element.children) {
      if (child.name === 'CTType') current = (child.text ?? '').trim().toLowerCase();
      else if (current === wanted && child.name === 'PropName') (found ??= new Set()).add((child.text ?? '').trim().toUpperCase());
      else if (current === wanted && child.name === 'Property') {
        const name = child.children.find((c) => c.name === 'PropName')?.text;
        if (name !== undefined) (found ??= new Set()).add(name.trim().toUpperCase());
      }
    }
  }
  return found;
}

/**
 * The ValEnum values a device's CTCaps give for one property of `ctType` (`BEGIN` of
 * text/x-vcalendar: VEVENT, VTODO...), upper-cased; both the flat 1.0/1.1 layout and the
 * 1.2 Property elements are read.
 */
export function propertyValues(caps: readonly ContentTypeCapability[], ctType: string, propName: string): Set<string> {
  const wantedType = ctType.toLowerCase();
  const wantedProp = propName.toUpperCase();
  const values = new Set<string>();
  for (const cap of caps) {
    let type: string | undefined;
    let inProperty = false;
    for (const child of cap.element.children) {
      if (child.name === 'CTType') {
        type = (child.text ?? '').trim().toLowerCase();
        inProperty = false;
      } else if (type !== wantedType) {
        continue;
      } else if (child.name === 'PropName') {
        inProperty = (child.text ?? '').trim().toUpperCase() === wantedProp;
      } else if (child.name === 'ParamName') {
        inProperty = false; // ValEnums after a ParamName are the parameter's
      } else if (child.name === 'ValEnum' && inProperty) {
        values.add((child.text ?? '').trim().toUpperCase());
      } else if (child.name === 'Property' && (child.children.find((c) => c.name === 'PropName')?.text ?? '').trim().toUpperCase() === wantedProp) {
        for (const v of child.children) if (v.name === 'ValEnum') values.add((v.text ?? '').trim().toUpperCase());
      }
    }
  }
  return values;
}
