// Sends hand-made first messages to the engine to look at its SyncHdr Status and Chal: one
// SyncML session per `session()`, any number of attempts in it (the auth tests' client).
import type { Chal, Command, Cred, LocRef, Status, SyncMLMessage, SyncMLVersion } from '../../../gateway/protocol/model.ts';
import type { Logger } from '../../../gateway/ports/logger.ts';
import type { ProcessFn } from '../../support/model-client.ts';
import { md5Credential } from '../../support/model-client.ts';

export type Credentials =
  | { type: 'none' }
  | { type: 'basic'; user: string; password: string }
  /** `nonce`: the b64 NextNonce to use ('' for none). */
  | { type: 'md5'; user: string; password: string; nonce: string }
  | { type: 'raw'; cred: Cred; source?: LocRef };

export interface Answer {
  status: number;
  chal?: Chal;
  reply: SyncMLMessage;
}

let sessions = 0;

export class AuthProbe {
  private sessionID = '';
  private msgID = 0;
  private sid: string | undefined;

  constructor(
    private readonly process: ProcessFn,
    readonly deviceId: string,
    private readonly version: SyncMLVersion = '1.2',
  ) {
    this.session();
  }

  /** Starts a new SyncML session (new SessionID, MsgID 1). */
  session(): this {
    this.sessionID = String(++sessions);
    this.msgID = 0;
    this.sid = undefined;
    return this;
  }

  /** The message an attempt sends (to replay it byte for byte). */
  message(credentials: Credentials): SyncMLMessage {
    const source: LocRef = { locURI: this.deviceId };
    let cred: Cred | undefined;
    if (credentials.type === 'basic') {
      cred = { meta: { type: 'syncml:auth-basic', format: 'b64' }, data: Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64') };
    } else if (credentials.type === 'md5') {
      source.locName = credentials.user;
      cred = { meta: { type: 'syncml:auth-md5', format: 'b64' }, data: md5Credential(this.version, credentials.user, credentials.password, credentials.nonce) };
    } else if (credentials.type === 'raw') {
      cred = credentials.cred;
      if (credentials.source !== undefined) Object.assign(source, credentials.source);
    }
    const alert: Command = {
      kind: 'Alert',
      cmdID: '1',
      data: 201,
      items: [{ target: { locURI: 'Contacts' }, source: { locURI: './contacts' }, meta: { anchor: { next: 'A1' } } }],
    };
    return {
      version: this.version,
      hdr: {
        verDTD: this.version,
        verProto: `SyncML/${this.version}`,
        sessionID: this.sessionID,
        msgID: String(++this.msgID),
        target: { locURI: 'http://gateway.test/syncml' },
        source,
        ...(cred === undefined ? {} : { cred }),
      },
      body: [alert],
      final: true,
    };
  }

  async attempt(credentials: Credentials): Promise<Answer> {
    return this.send(this.message(credentials));
  }

  async send(message: SyncMLMessage): Promise<Answer> {
    const reply = await this.process(message, this.sid);
    if (reply.hdr.respURI !== undefined) this.sid = new URL(reply.hdr.respURI).searchParams.get('sid') ?? this.sid;
    const status = reply.body.find((c): c is Status => c.kind === 'Status' && c.cmd === 'SyncHdr');
    if (status === undefined) throw new Error('no SyncHdr status');
    return { status: Number(status.data), ...(status.chal === undefined ? {} : { chal: status.chal }), reply };
  }
}

export interface LogLine {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps every line (message and fields, bindings included). */
export function captureLogger(lines: LogLine[], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, msg: msg ?? '', fields: { ...bindings, ...obj } });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b) => captureLogger(lines, { ...bindings, ...b }) };
}
