// Builds the reply to one client message: header, the Status for every command, and our
// own commands, keeping count of CmdIDs and of the reply's size against MaxMsgSize. What
// does not fit waits in an outbox for the next message (OMA DS RepPro 1.2, Status: statuses
// for a previous request may span several messages, after the SyncHdr Status of each).
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

/** Bytes a CmdID adds to a command measured with an empty one (`<CmdID/>`). */
const cmdIDGrowth = (cmdID: number): number => `<CmdID>${cmdID}</CmdID>`.length - '<CmdID/>'.length;

/** Statuses and commands that did not fit in a message, kept in the session for the next one. */
export interface Outbox<T = unknown> {
  statuses: Status[];
  commands: Array<{ command: Command; track?: T }>;
  /** The message they came out of ended our package (it would have carried Final). */
  final: boolean;
}

/**
 * CmdIDs are given when the message is built, statuses first (a message answers the
 * previous one before it adds commands of its own), then our commands in the order added.
 */
export class Reply<T = unknown> {
  private readonly statuses: Status[] = [];
  private readonly commands: Command[] = [];
  private readonly tracked = new Map<Command, T>();
  private readonly deferred: Outbox<T> = { statuses: [], commands: [], final: false };
  /** Whether something carried over from an earlier message went in already. */
  private carriedPlaced = false;
  private size = envelopeReserve;
  /** Commands placed so far, nested ones included: each will get a CmdID of that many digits. */
  private numbered = 0;
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

  /** Whether something already waits for the next message (nothing more goes in this one). */
  get overflowing(): boolean {
    return this.deferred.statuses.length > 0 || this.deferred.commands.length > 0;
  }

  /**
   * Whether a command of `size` bytes goes in this message: only while nothing waits, and when
   * it fits, or when the message would otherwise make no progress: a message carries at least
   * one command beyond its SyncHdr Status, and one of what waited, so that a Status larger
   * than MaxMsgSize still goes out and what waits drains even when each message adds a Status.
   */
  private takes(size: number, carried: boolean): boolean {
    if (this.overflowing) return false;
    if (this.fits(size)) return true;
    const header = this.statuses[0]?.cmd === 'SyncHdr' ? 1 : 0;
    return this.statuses.length + this.commands.length <= header || (carried && !this.carriedPlaced);
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
    this.placeStatus(status);
    return status;
  }

  private placeStatus(status: Status, carried = false): void {
    // The SyncHdr Status of this message always goes first.
    const size = this.options.sizeOf(status);
    if ((status.cmd === 'SyncHdr' && this.statuses.length === 0) || this.takes(size, carried)) {
      this.statuses.push(status);
      this.count(size);
      if (carried) this.carriedPlaced = true;
    } else {
      this.deferred.statuses.push(status);
    }
  }

  /** Puts in what an earlier message could not hold, in its order. */
  carry(outbox: Outbox<T>): void {
    for (const status of outbox.statuses) this.placeStatus(status, true);
    for (const { command, track } of outbox.commands) this.add(command, track, true);
  }

  /** What waits for the next message, if anything. */
  outbox(): Outbox<T> | undefined {
    return this.overflowing ? { ...this.deferred, final: this.final } : undefined;
  }

  /**
   * Adds a command of ours; `track` is handed back with its CmdID once numbered. It waits for
   * the next message when this one is full (see `takes`).
   */
  add(command: Command, track?: T, carried = false): void {
    if (!this.takes(this.options.sizeOf(command), carried)) {
      this.deferred.commands.push(track === undefined ? { command } : { command, track });
      return;
    }
    this.place(command, track);
    if (carried) this.carriedPlaced = true;
  }

  /** Adds a command whatever the room left (package 4 weighs its Sync itself). */
  place(command: Command, track?: T): void {
    this.commands.push(command);
    this.count(this.options.sizeOf(command));
    if (track !== undefined) this.tracked.set(command, track);
  }

  /** Adds a command nested in one already added (an Add inside a Sync). */
  addNested(parent: Command & { commands: Command[] }, command: Command, track?: T): void {
    parent.commands.push(command);
    this.count(this.options.sizeOf(command));
    if (track !== undefined) this.tracked.set(command, track);
  }

  /** Sizes are measured before numbering: what the CmdID the command will get adds is counted here. */
  private count(size: number): void {
    this.size += size + cmdIDGrowth(++this.numbered);
  }

  /** Whether a command of `size` bytes (measured without its CmdID) still fits. */
  fits(size: number): boolean {
    return this.size + size + cmdIDGrowth(this.numbered + 1) <= this.options.maxMsgSize;
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
