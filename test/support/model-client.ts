// A small SyncML client working on typed messages: drives whole sessions against the
// engine in unit tests (and, later, load generators) without XML or HTTP.
import { createHash } from 'node:crypto';
import type { Chal, Command, Cred, Item, ItemCommand, MapItem, Status, Sync, SyncMLMessage, SyncMLVersion } from '../../gateway/protocol/model.ts';
import type { DevInf } from '../../gateway/protocol/devinf-model.ts';
import { writeDevInf } from '../../gateway/protocol/devinf.ts';

export type ProcessFn = (message: SyncMLMessage, sessionId: string | undefined, url?: string) => Promise<SyncMLMessage>;

export interface ModelClientOptions {
  deviceId: string;
  user: string;
  password: string;
  version?: SyncMLVersion;
  storeURI?: string;
  contentType?: string;
  maxMsgSize?: number;
  /** Credentials of the first message (later the client follows the server's Chal, as SyncEvolution does); default basic. */
  auth?: 'basic' | 'md5' | 'none';
  /** The client's database URI (Alert Item Source); default `./contacts`. */
  sourceURI?: string;
  /** Device information put in the first message of every session. */
  devInf?: DevInf;
}

/** What a client item carries besides its data: its own type, and the folder it is in. */
export interface ClientItemOptions {
  type?: string;
  /** The client's id of the folder (sent as SourceParent). */
  sourceParent?: string;
  /** The server's id of the folder (sent as TargetParent). */
  targetParent?: string;
}

export interface SyncOptions {
  /** The password to send (default: the configured one). */
  password?: string;
  /** The URL the client posts to (parameters and all); default http://gateway.test/syncml. */
  url?: string;
  /** SyncHdr Target LocURI; default the URL. */
  targetURI?: string;
}

export interface SessionOutcome {
  hdrStatus: number;
  alertStatus?: number;
  serverMode?: number;
  messages: number;
  received: { add: number; replace: number; delete: number };
  replies: SyncMLMessage[];
}

export class ModelClient {
  /** The device's items by LUID. */
  readonly items = new Map<string, string>();
  /** Types and folders of items, by LUID: as received from the server (the parent as a LUID) or as added. */
  readonly itemOptions = new Map<string, ClientItemOptions>();
  /** Server id -> LUID of every item the server added. */
  readonly luidOf = new Map<string, string>();
  private readonly changes = new Map<string, 'Add' | 'Replace' | 'Delete'>();
  private anchor: string | undefined;
  private sessionCounter = 0;
  private luidCounter = 0;
  /** The credential type the client sends, and the last NextNonce it was given (b64; '' before any). */
  authType: 'basic' | 'md5' | 'none';
  nextNonce = '';


  constructor(readonly options: ModelClientOptions) {
    this.authType = options.auth ?? 'basic';
  }

  /** The SyncHdr Cred (and, for MD5, the Source with the user name in LocName). */
  credentials(version: SyncMLVersion, password: string): { cred?: Cred; source?: { locURI: string; locName: string } } {
    const { user, deviceId } = this.options;
    if (this.authType === 'none') return {};
    if (this.authType === 'basic') return { cred: { meta: { type: 'syncml:auth-basic', format: 'b64' }, data: Buffer.from(`${user}:${password}`).toString('base64') } };
    return { cred: { meta: { type: 'syncml:auth-md5', format: 'b64' }, data: md5Credential(version, user, password, this.nextNonce) }, source: { locURI: deviceId, locName: user } };
  }

  /** Keeps the NextNonce of a Chal, and switches to the type the server asks for. */
  followChallenge(chal: Chal): void {
    if (chal.meta.nextNonce !== undefined) this.nextNonce = chal.meta.nextNonce;
    if (chal.meta.type === 'syncml:auth-md5') this.authType = 'md5';
    else if (chal.meta.type === 'syncml:auth-basic') this.authType = 'basic';
  }

  add(data: string, options?: ClientItemOptions): string {
    const luid = `L${++this.luidCounter}`;
    this.items.set(luid, data);
    if (options !== undefined) this.itemOptions.set(luid, options);
    this.changes.set(luid, 'Add');
    return luid;
  }

  replace(luid: string, data: string, options?: ClientItemOptions): void {
    this.items.set(luid, data);
    if (options !== undefined) this.itemOptions.set(luid, options);
    if (this.changes.get(luid) !== 'Add') this.changes.set(luid, 'Replace');
  }

  delete(luid: string): void {
    this.items.delete(luid);
    if (this.changes.get(luid) === 'Add') this.changes.delete(luid);
    else this.changes.set(luid, 'Delete');
  }

  /** Forgets the anchor, as a client does after a reset. */
  forgetAnchor(): void {
    this.anchor = undefined;
  }

  async sync(process: ProcessFn, alert = 200, syncOptions: SyncOptions = {}): Promise<SessionOutcome> {
    const o = this.options;
    const password = syncOptions.password ?? o.password;
    const url = syncOptions.url ?? 'http://gateway.test/syncml';
    const targetURI = syncOptions.targetURI ?? url;
    const version = o.version ?? '1.2';
    const sessionID = String(++this.sessionCounter);
    const next = `A${this.sessionCounter}-${Date.now()}`;
    const storeURI = o.storeURI ?? 'Contacts';
    const sourceURI = o.sourceURI ?? './contacts';
    const type = o.contentType ?? 'text/vcard';
    let msgID = 0;
    let sid: string | undefined;
    const outcome: SessionOutcome = { hdrStatus: 0, messages: 0, received: { add: 0, replace: 0, delete: 0 }, replies: [] };
    const header = (cred: boolean) => ({
      verDTD: version,
      verProto: `SyncML/${version}`,
      sessionID,
      msgID: String(++msgID),
      target: { locURI: targetURI },
      source: { locURI: o.deviceId },
      ...(cred ? this.credentials(version, password) : {}),
      ...(o.maxMsgSize === undefined ? {} : { meta: { maxMsgSize: o.maxMsgSize } }),
    });
    const alertCmd: Command = {
      kind: 'Alert',
      cmdID: '1',
      data: this.anchor === undefined && alert === 200 ? 201 : alert,
      // (A client with no anchor asks for a slow sync, as real clients do.)
      items: [{ target: { locURI: storeURI }, source: { locURI: sourceURI }, meta: { anchor: { ...(this.anchor === undefined ? {} : { last: this.anchor }), next } } }],
    };
    const put: Command[] =
      o.devInf === undefined
        ? []
        : [{ kind: 'Put', cmdID: '0', meta: { type: 'application/vnd.syncml-devinf+xml' }, items: [{ source: { locURI: version === '1.2' ? './devinf12' : './devinf11' }, dataElement: writeDevInf(o.devInf, version) }] }];
    let message: SyncMLMessage = { version, hdr: header(true), body: [...put, alertCmd], final: true };
    let stage: 'pkg1' | 'pkg3' | 'pkg5' = 'pkg1';
    let serverAlert = 200;
    let retried = false;
    for (let guard = 0; guard < 500; guard++) {
      const reply = await process(message, sid, sid === undefined ? url : `${url.replace(/[?#].*$/, '')}?sid=${sid}`);
      outcome.messages++;
      outcome.replies.push(reply);
      sid = reply.hdr.respURI === undefined ? sid : new URL(reply.hdr.respURI).searchParams.get('sid') ?? sid;
      const statuses: Status[] = [];
      const maps: MapItem[] = [];
      let cmdID = 0;
      const status = (cmd: string, cmdRef: string, code: number, refs: Partial<Status> = {}): void => {
        statuses.push({ kind: 'Status', cmdID: '', msgRef: reply.hdr.msgID, cmdRef, cmd, targetRefs: [], sourceRefs: [], data: String(code), items: [], ...refs });
      };
      status('SyncHdr', '0', 200);
      for (const cmd of reply.body) {
        if (cmd.kind === 'Status') {
          if (cmd.cmd === 'SyncHdr' && cmd.msgRef === message.hdr.msgID) outcome.hdrStatus = Number(cmd.data);
          if (cmd.cmd === 'Alert' && cmd.cmdRef === '1' && cmd.msgRef === '1') outcome.alertStatus = Number(cmd.data);
        } else if (cmd.kind === 'Alert') {
          outcome.serverMode = cmd.data;
          serverAlert = cmd.data ?? 200;
          // Refresh from the server: the client empties itself first (OMA DS 205).
          if (serverAlert === 205) this.items.clear();
          status('Alert', cmd.cmdID, 200);
        } else if (cmd.kind === 'Sync') {
          status('Sync', cmd.cmdID, 200);
          for (const inner of cmd.commands) this.applyServer(inner as ItemCommand, status, maps, outcome);
        } else {
          status(cmd.kind, cmd.cmdID, 200);
        }
      }
      const hdrChal = reply.body.find((c): c is Status => c.kind === 'Status' && c.cmd === 'SyncHdr')?.chal;
      if (hdrChal !== undefined) this.followChallenge(hdrChal);
      // Challenged: one retry of the same message with new credentials, as SyncEvolution does.
      if ((outcome.hdrStatus === 401 || outcome.hdrStatus === 407) && hdrChal !== undefined && !retried) {
        retried = true;
        message = { ...message, hdr: header(true) };
        continue;
      }
      if (outcome.hdrStatus >= 300) return outcome;
      const body: Command[] = [...statuses];
      let final = true;
      if (!reply.final) {
        final = false;
        if (stage !== 'pkg1') body.push({ kind: 'Alert', cmdID: '', data: 222, items: [] });
      } else if (stage === 'pkg1') {
        body.push(this.clientSync(serverAlert, storeURI, type, sourceURI));
        stage = 'pkg3';
      } else if (stage === 'pkg3') {
        if (maps.length > 0) body.push({ kind: 'Map', cmdID: '', target: { locURI: storeURI }, source: { locURI: sourceURI }, mapItems: maps });
        stage = 'pkg5';
      } else {
        this.anchor = next;
        this.changes.clear();
        return outcome;
      }
      if (maps.length > 0 && stage !== 'pkg5') body.push({ kind: 'Map', cmdID: '', target: { locURI: storeURI }, source: { locURI: sourceURI }, mapItems: maps });
      // Every command gets a CmdID, those inside a Sync too (their statuses refer to it).
      const number = (c: Command): void => {
        c.cmdID = String(++cmdID);
        if ('commands' in c) for (const inner of c.commands) number(inner);
      };
      for (const c of body) number(c);
      message = { version, hdr: header(false), body, final };
    }
    throw new Error('session did not end');
  }

  private clientSync(serverAlert: number, storeURI: string, type: string, sourceURI: string): Sync {
    const commands: Command[] = [];
    // 201 and 203: everything the client holds; 204 and 205: nothing; otherwise its changes.
    const all = serverAlert === 201 || serverAlert === 203;
    const none = serverAlert === 204 || serverAlert === 205;
    const entries: Array<[string, 'Add' | 'Replace' | 'Delete']> = none ? [] : all ? [...this.items.keys()].map((l) => [l, 'Replace']) : [...this.changes];
    for (const [luid, op] of entries) {
      const data = this.items.get(luid);
      const options = this.itemOptions.get(luid) ?? {};
      const item: Item = op === 'Delete' || data === undefined ? { source: { locURI: luid } } : { source: { locURI: luid }, data };
      if (op !== 'Delete' && options.sourceParent !== undefined) item.sourceParent = { locURI: options.sourceParent };
      if (op !== 'Delete' && options.targetParent !== undefined) item.targetParent = { locURI: options.targetParent };
      commands.push({ kind: op, cmdID: '', meta: { type: options.type ?? type }, items: [item] } as ItemCommand);
    }
    return { kind: 'Sync', cmdID: '', target: { locURI: storeURI }, source: { locURI: sourceURI }, commands };
  }

  /** Keeps a received item's type and folder (a TargetParent is our LUID, a SourceParent the server's id). */
  private noteServerItem(luid: string, cmd: ItemCommand, item: Item): void {
    const options: ClientItemOptions = {};
    const type = item.meta?.type ?? cmd.meta?.type;
    if (type !== undefined) options.type = type;
    const parent = item.targetParent?.locURI ?? (item.sourceParent === undefined ? undefined : this.luidOf.get(item.sourceParent.locURI));
    if (parent !== undefined) options.sourceParent = parent;
    this.itemOptions.set(luid, options);
  }

  /** A large object arriving in pieces (MoreData). */
  private chunk: { data: string; size?: number } | undefined;
  /** Sizes announced by the first piece of each large object received (for tests). */
  readonly largeObjects: number[] = [];

  private applyServer(cmd: ItemCommand, status: (cmd: string, ref: string, code: number, refs?: Partial<Status>) => void, maps: MapItem[], outcome: SessionOutcome): void {
    let item = cmd.items[0];
    if (item === undefined) return;
    if (item.moreData === true) {
      if (this.chunk === undefined) {
        this.chunk = { data: '' };
        const size = item.meta?.size ?? cmd.meta?.size;
        if (size !== undefined) this.chunk.size = size;
      }
      this.chunk.data += item.data ?? '';
      status(cmd.kind, cmd.cmdID, 213, { sourceRefs: [item.source?.locURI ?? ''] });
      return;
    }
    if (this.chunk !== undefined) {
      const whole = this.chunk.data + (item.data ?? '');
      if (this.chunk.size !== undefined && Buffer.byteLength(whole) !== this.chunk.size) throw new Error(`large object size ${Buffer.byteLength(whole)} != announced ${this.chunk.size}`);
      this.largeObjects.push(Buffer.byteLength(whole));
      item = { ...item, data: whole };
      this.chunk = undefined;
    }
    if (cmd.kind === 'Add') {
      const luid = `L${++this.luidCounter}`;
      this.items.set(luid, item.data ?? '');
      this.luidOf.set(item.source?.locURI ?? '', luid);
      this.noteServerItem(luid, cmd, item);
      maps.push({ target: item.source?.locURI ?? '', source: luid });
      outcome.received.add++;
      status('Add', cmd.cmdID, 201, { sourceRefs: [item.source?.locURI ?? ''] });
    } else if (cmd.kind === 'Replace') {
      this.items.set(item.target?.locURI ?? '', item.data ?? '');
      this.noteServerItem(item.target?.locURI ?? '', cmd, item);
      outcome.received.replace++;
      status('Replace', cmd.cmdID, 200, { targetRefs: [item.target?.locURI ?? ''] });
    } else if (cmd.kind === 'Delete') {
      this.items.delete(item.target?.locURI ?? '');
      outcome.received.delete++;
      status('Delete', cmd.cmdID, 200, { targetRefs: [item.target?.locURI ?? ''] });
    }
  }
}

/** syncml:auth-md5 credentials (b64 digest) for a nonce given as b64 (OMA DS RepPro 1.2, 5.1.3). */
export function md5Credential(version: SyncMLVersion, user: string, password: string, nonceB64: string): string {
  const md5 = (data: Buffer): Buffer => createHash('md5').update(data).digest();
  const nonce = Buffer.from(nonceB64, 'base64');
  if (version === '1.0') return md5(Buffer.concat([Buffer.from(`${user}:${password}:`), nonce])).toString('base64');
  const secret = md5(Buffer.from(`${user}:${password}`)).toString('base64');
  return md5(Buffer.concat([Buffer.from(`${secret}:`), nonce])).toString('base64');
}
