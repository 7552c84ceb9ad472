// The state of one SyncML session between HTTP requests, kept in the shared state store
// so that any gateway instance can serve the next message.
import type { ItemCommand, SyncMLMessage, SyncMLVersion } from '../protocol/model.ts';
import type { StoreKind } from '../ports/backend.ts';
import type { SealedSecret } from './credential-seal.ts';
import type { MethodPlan } from './sync-methods.ts';
import type { Outbox } from './reply.ts';
import type { UrlParams } from './url-params.ts';
import type { StoreView } from './store-view.ts';


/** Where a session is in the package exchange (OMA DS Protocol, section 5). */
export type SessionPhase =
  | 'init' // receiving package 1 (alerts, device info)
  | 'client-sync' // receiving package 3 (the client's changes)
  | 'server-sync' // sending package 4 (our changes), possibly over several messages
  | 'map' // receiving package 5 (statuses and maps)
  | 'done';

export interface OutgoingChange {
  op: 'Add' | 'Replace' | 'Delete';
  /** The server item; empty for a Delete of a client item the server never had (methods 6, 8, 9). */
  guid: string;
  /** The client's id, for Replace and Delete. */
  luid?: string;
}

/** A command we sent and await a status for, so the device state changes only once confirmed. */
export interface SentCommand {
  store: string;
  op: 'Add' | 'Replace' | 'Delete';
  guid: string;
  etag?: string;
  uid?: string;
}

export interface PendingChunk {
  store: string;
  op: 'Add' | 'Replace';
  luid: string;
  /** base64 of the bytes received so far. */
  data: string;
  /** The whole object's size from the first chunk's Meta Size, in bytes. */
  size?: number;
  type?: string;
  format?: string;
}

export interface StoreSession {
  /** The server database URI the client used (`Contacts`, `./contacts`...), echoed back. */
  serverURI: string;
  /** The client's database URI (Alert Item Source). */
  clientURI: string;
  kind: StoreKind;
  collection?: string;
  /** Served from several collections: a combined calendar, or a folder hierarchy (store-view.ts). */
  view?: StoreView;
  /** Key of the persistent device state of this store. */
  stateKey: string;
  requestedAlert: number;
  /** The method decided (SPEC item 6) and how it is carried out. */
  plan: MethodPlan;
  /** Why this method, for the log. */
  reason: string;
  /** Items go to the user's backup folder instead of the store (URL parameter `backup`). */
  backupPrefix?: string;
  /** Slow sync matching: server items by UID and by key fields, built once per session. */
  matchIndex?: Record<string, string>;
  clientLast?: string;
  clientNext: string;
  serverLast?: string;
  serverNext: string;
  /** Content type the client wants to receive. */
  clientType: string;
  /** A large object of ours going out in pieces: the command, and how many bytes went. */
  outChunk?: { cmd: ItemCommand; track: SentCommand; sent: number };
  /** Item Meta Format the client used for encrypted items (`des;b64`): ours go back alike. */
  itemFormat?: string;
  /** The longest id the client keeps for a server item (DevInf MaxGUIDSize). */
  maxGUIDSize?: number;
  /** clientType was taken from the client's own items (it then outranks its DevInf). */
  clientTypeFromItems?: boolean;
  /** prepareStore() ran. */
  prepared?: boolean;
  /** Backend change token to keep when this sync completes. */
  nextToken?: string;
  /** Server changes were computed (at the first Sync from the client or at the end of package 3). */
  changesComputed: boolean;
  /** Server items the client changed in this session: their server-side change is not sent back. */
  touched: string[];
  /** In a slow sync: server items matched to a client item in this session. */
  matched: string[];
  outgoing: OutgoingChange[];
  /**
   * Known server items the change listing showed at another version than the device holds:
   * GUID -> the listed etag. A client change to one is written on condition of this version.
   */
  listedEtags?: Record<string, string>;
  /** Server items the client did not send, deleted at the end of package 3 (refresh of the server). */
  orphans?: string[];
  /** Outgoing changes already placed in a message. */
  sentCount: number;
  /** Sync command of this store already opened in package 4. */
  syncSent: boolean;
  stats: { added: number; replaced: number; deleted: number; sentAdds: number; sentReplaces: number; sentDeletes: number; failed: number; conflicts: number; backedUp: number };
}

export interface SessionState {
  id: string;
  version: SyncMLVersion;
  clientSessionID: string;
  deviceId: string;
  /** The URI the client addressed (SyncHdr Target), echoed as our Source. */
  serverURI: string;
  user?: string;
  credentials?: SealedSecret;
  authenticated: boolean;
  /** Set for the message in which authentication succeeded (status 212 instead of 200). */
  authenticatedNow?: boolean;
  failedAuth: number;
  phase: SessionPhase;
  /** Our next MsgID. */
  nextMsgID: number;
  lastClientMsgID?: string;
  /** Digest of the client's last message, to tell a repeat from a new message with the same MsgID. */
  lastMessageDigest?: string;
  /** Our answer to lastClientMsgID, sent again when the client repeats that message. */
  lastReply?: SyncMLMessage;
  /** The client's encoding: device information is typed +xml or +wbxml after it. */
  encoding?: 'xml' | 'wbxml';
  /** The largest message the client accepts. */
  clientMaxMsgSize?: number;
  stores: Record<string, StoreSession>;
  /** Short ids given to a client whose MaxGUIDSize is too small for our ids: temp -> GUID. */
  tempIds?: Record<string, string>;
  nextTempId?: number;
  /** A large object arriving in chunks (MoreData), kept until its last chunk. */
  pendingChunk?: PendingChunk;
  /** Parameters of the sync URL (HTTP request line and SyncHdr Target). */
  params: UrlParams;
  /** CmdRef key `msgID:cmdID` -> what we sent. */
  sent: Record<string, SentCommand>;
  /** The slot this session holds while nobody has authenticated in it (auth/anonymous-sessions.ts). */
  anonymousSlot?: { address?: string };
  /** Statuses and commands our last message had no room for (client's MaxMsgSize). */
  outbox?: Outbox<SentCommand>;
  startedAt: string;
}
