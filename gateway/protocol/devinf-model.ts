// Typed device information (OMA DS DevInf 1.0/1.1/1.2): what a client can store and send.
import type { Element } from '../codec/element.ts';

/** Rx-Pref, Rx, Tx-Pref, Tx: a content type and its version. */
export interface ContentTypeRef {
  ctType: string;
  verCT?: string;
}

/** DSMem: the datastore's memory (SharedMem?, MaxMem?, MaxID?). */
export interface DataStoreMemory {
  sharedMem?: boolean;
  maxMem?: number;
  maxID?: number;
}

/**
 * One CTCap element, kept as sent: 1.0/1.1 style (flat, at DevInf level, possibly several
 * CTTypes in one element) or 1.2 style (CTType, VerCT, Property*, inside a DataStore).
 */
export interface ContentTypeCapability {
  /** Every CTType the element describes, in order. */
  ctTypes: string[];
  element: Element;
}

export interface DevInfDataStore {
  sourceRef: string;
  displayName?: string;
  maxGUIDSize?: number;
  rxPref?: ContentTypeRef;
  rx: ContentTypeRef[];
  txPref?: ContentTypeRef;
  tx: ContentTypeRef[];
  /** CTCaps inside the DataStore (DevInf 1.2). */
  ctCaps: ContentTypeCapability[];
  dsMem?: DataStoreMemory;
  supportHierarchicalSync?: boolean;
  /** SyncCap SyncType values (1 = two-way ... 7 = server-alerted). */
  syncTypes: number[];
  /** Children this model does not name (Filter-Rx, FilterCap ...), in order. */
  extra?: Element[];
}

export interface DevInf {
  verDTD: string;
  man?: string;
  mod?: string;
  oem?: string;
  fwV?: string;
  swV?: string;
  hwV?: string;
  devID: string;
  devTyp: string;
  utc: boolean;
  supportLargeObjs: boolean;
  supportNumberOfChanges: boolean;
  dataStores: DevInfDataStore[];
  /** CTCaps at DevInf level (DevInf 1.0/1.1). */
  ctCaps: ContentTypeCapability[];
  /** Ext elements (XNam, XVal*), kept as sent. */
  ext: Element[];
  /** Children this model does not name, in order. */
  extra?: Element[];
}
