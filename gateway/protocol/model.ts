// Typed SyncML messages (OMA DS Representation Protocol 1.0-1.2). The protocol layer
// turns element trees into these and back; nothing above it sees element names.
import type { Element } from '../codec/element.ts';

export type SyncMLVersion = '1.0' | '1.1' | '1.2';

export interface LocRef {
  locURI: string;
  locName?: string;
  /** SyncML 1.2 Filter of a Target (record/field filters), kept as sent. */
  filter?: Element;
}

/** Meta Anchor: the sync anchors of a database (Last = previous sync, Next = this one). */
export interface Anchor {
  last?: string;
  next?: string;
}

/** MetInf values; `extra` keeps elements this model does not name so nothing is lost. */
export interface Meta {
  type?: string;
  format?: string;
  mark?: string;
  size?: number;
  version?: string;
  anchor?: Anchor;
  nextNonce?: string;
  maxMsgSize?: number;
  maxObjSize?: number;
  extra?: Element[];
}

export interface Cred {
  meta?: Meta;
  data: string;
}

export interface Chal {
  meta: Meta;
}

export interface SyncHdr {
  verDTD: string;
  verProto: string;
  sessionID: string;
  msgID: string;
  target: LocRef;
  source: LocRef;
  respURI?: string;
  noResp?: boolean;
  cred?: Cred;
  meta?: Meta;
}

/** Item Data comes as text, as opaque bytes (WBXML), or as a nested document (DevInf, Anchor). */
export interface Item {
  target?: LocRef;
  source?: LocRef;
  targetParent?: LocRef;
  sourceParent?: LocRef;
  meta?: Meta;
  data?: string;
  dataBinary?: Uint8Array;
  dataElement?: Element;
  /** Data holding a MetInf Anchor (Status of an Alert echoes the client's Next this way). */
  dataAnchor?: Anchor;
  /**
   * The text came as CDATA (kept for faithful re-emission only): true = CDATA, false = escaped
   * text; unset (items the engine builds) = the writer decides (CDATA for markup or line breaks).
   */
  dataCdata?: boolean;
  moreData?: boolean;
}

interface CommandBase {
  cmdID: string;
  noResp?: boolean;
}

export interface Alert extends CommandBase {
  kind: 'Alert';
  data?: number;
  cred?: Cred;
  correlator?: string;
  items: Item[];
}

export type ItemCommandKind = 'Add' | 'Replace' | 'Delete' | 'Copy' | 'Move';

export interface ItemCommand extends CommandBase {
  kind: ItemCommandKind;
  cred?: Cred;
  meta?: Meta;
  archive?: boolean;
  softDelete?: boolean;
  items: Item[];
}

export interface Sync extends CommandBase {
  kind: 'Sync';
  cred?: Cred;
  target?: LocRef;
  source?: LocRef;
  meta?: Meta;
  numberOfChanges?: number;
  commands: Command[];
}

export interface MapItem {
  target: string;
  source: string;
}

export interface MapCommand extends CommandBase {
  kind: 'Map';
  target: LocRef;
  source: LocRef;
  cred?: Cred;
  meta?: Meta;
  mapItems: MapItem[];
}

export interface Put extends CommandBase {
  kind: 'Put';
  cred?: Cred;
  lang?: string;
  meta?: Meta;
  items: Item[];
}

export interface Get extends CommandBase {
  kind: 'Get';
  cred?: Cred;
  lang?: string;
  meta?: Meta;
  items: Item[];
}

export interface Results extends CommandBase {
  kind: 'Results';
  msgRef?: string;
  cmdRef: string;
  meta?: Meta;
  targetRefs: string[];
  sourceRefs: string[];
  items: Item[];
}

export interface Status extends CommandBase {
  kind: 'Status';
  msgRef: string;
  cmdRef: string;
  /** The command name the status answers (`SyncHdr`, `Alert`, `Add`...). */
  cmd: string;
  targetRefs: string[];
  sourceRefs: string[];
  cred?: Cred;
  chal?: Chal;
  /** The status code as sent (normally three digits). */
  data: string;
  items: Item[];
}

export interface Atomic extends CommandBase {
  kind: 'Atomic' | 'Sequence';
  meta?: Meta;
  commands: Command[];
}

export interface Exec extends CommandBase {
  kind: 'Exec';
  cred?: Cred;
  meta?: Meta;
  correlator?: string;
  items: Item[];
}

/** Search (deprecated in 1.2, not served): kept as sent so it can be answered and echoed. */
export interface Search extends CommandBase {
  kind: 'Search';
  element?: Element;
}

/** A command this model does not know; kept whole so the engine can answer 406. */
export interface UnknownCommand extends CommandBase {
  kind: 'Unknown';
  name: string;
  element: Element;
}

export type Command =
  | Alert
  | ItemCommand
  | Sync
  | MapCommand
  | Put
  | Get
  | Results
  | Status
  | Atomic
  | Exec
  | Search
  | UnknownCommand;

export interface SyncMLMessage {
  version: SyncMLVersion;
  hdr: SyncHdr;
  body: Command[];
  final: boolean;
}
