// Builds the reply to one client message: header, the Status for every command, and our
// own commands, keeping count of CmdIDs and of the reply's size against MaxMsgSize.
import type { Command, Item, LocRef, Meta, Status, SyncHdr, SyncMLMessage, SyncMLVersion } from '../protocol/model.ts';

export interface ReplyOptions {
  version: SyncMLVersion;
  sessionID: string;
  msgID: number;
  /** The client (our Target). */
  target: LocRef;
  /** Us (our Source): the URI the client addressed. */
  source: LocRef;
  respURI?: string;
  /** The client's MsgID, referenced by our statuses. */
  clientMsgID: string;
  /** Largest message the client accepts, in bytes. */
  maxMsgSize: number;
  /** Size of a command in its encoded form (an estimate). */
  sizeOf: (command: Command) => number;
  meta?: Meta;
}

/** Room kept free for the header, Final and closing tags. */
const envelopeReserve = 1024;

/**
 * CmdIDs are given when the message is built, statuses first (a message answers the
 * previous one before it adds commands of its own), then our commands in the order added.
 */
export class Reply<T = unknown> {
  private readonly statuses: Status[] = [];
  private readonly commands: Command[] = [];
  private readonly tracked = new Map<Command, T>();
  private size = envelopeReserve;
  final = false;

  constructor(readonly options: ReplyOptions) {}

  get msgID(): number {
    return this.options.msgID;
  }

  /** Bytes still free before MaxMsgSize. */
  get room(): number {
    return this.options.maxMsgSize - this.size;
  }

  /** Whether the reply carries anything beyond statuses. */
  get hasCommands(): boolean {
    return this.commands.length > 0;
  }

  status(
    cmd: string,
    cmdRef: string,
    code: number,
    refs: { target?: string[]; source?: string[]; items?: Item[]; chal?: Status['chal']; msgRef?: string } = {},
  ): Status {
    const status: Status = {
      kind: 'Status',
      cmdID: '',
      msgRef: refs.msgRef ?? this.options.clientMsgID,
      cmdRef,
      cmd,
      targetRefs: refs.target?.filter((r) => r.length > 0) ?? [],
      sourceRefs: refs.source?.filter((r) => r.length > 0) ?? [],
      data: String(code),
      items: refs.items ?? [],
    };
    if (refs.chal !== undefined) status.chal = refs.chal;
    this.statuses.push(status);
    this.size += this.options.sizeOf(status);
    return status;
  }

  /** Adds a command of ours; `track` is handed back with its CmdID once numbered. */
  add(command: Command, track?: T): void {
    this.commands.push(command);
    this.size += this.options.sizeOf(command);
    if (track !== undefined) this.tracked.set(command, track);
  }

  /** Adds a command nested in one already added (an Add inside a Sync). */
  addNested(parent: Command & { commands: Command[] }, command: Command, track?: T): void {
    parent.commands.push(command);
    this.size += this.options.sizeOf(command);
    if (track !== undefined) this.tracked.set(command, track);
  }

  /** Whether a command of `size` bytes still fits. */
  fits(size: number): boolean {
    return this.size + size <= this.options.maxMsgSize;
  }

  /** The finished message, and what was tracked by the CmdID it got. */
  build(): { message: SyncMLMessage; tracked: Array<{ cmdID: string; info: T }> } {
    const o = this.options;
    let next = 1;
    const tracked: Array<{ cmdID: string; info: T }> = [];
    const number = (command: Command): void => {
      command.cmdID = String(next++);
      const info = this.tracked.get(command);
      if (info !== undefined) tracked.push({ cmdID: command.cmdID, info });
      if ('commands' in command) for (const inner of command.commands) number(inner);
    };
    for (const s of this.statuses) number(s);
    for (const c of this.commands) number(c);
    const hdr: SyncHdr = {
      verDTD: o.version,
      verProto: `SyncML/${o.version}`,
      sessionID: o.sessionID,
      msgID: String(o.msgID),
      target: o.target,
      source: o.source,
    };
    if (o.respURI !== undefined) hdr.respURI = o.respURI;
    if (o.meta !== undefined) hdr.meta = o.meta;
    const message: SyncMLMessage = { version: o.version, hdr, body: [...this.statuses, ...this.commands], final: this.final };
    return { message, tracked };
  }
}
