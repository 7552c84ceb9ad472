// The SyncML server engine: takes one decoded client message, runs it against the
// session and the user's stores, and returns the reply message.
import { createHash } from 'node:crypto';
import type { SyncHdr, SyncMLMessage, SyncMLVersion } from '../protocol/model.ts';
import { AlertCode, StatusCode } from '../protocol/codes.ts';
import type { UserCredentials } from '../ports/backend.ts';
import { Authentication, type AuthOutcome } from './auth.ts';
import { dispatch } from './commands/index.ts';
import { MessageContext, type EngineDeps, type RequestContext } from './context.ts';
import { fillPackage4 } from './package4.ts';
import { Reply } from './reply.ts';
import { computeServerChanges } from './server-changes.ts';
import { prepareStore } from './prepare-store.ts';
import { defaultMaxObjSize, noEndOfData } from './chunks.ts';
import type { SentCommand, SessionState } from './session-state.ts';
import { commitStores, deleteOrphans } from './commit.ts';
import { describeError } from './store-errors.ts';
import { parseUrlParams } from './url-params.ts';
import { AnonymousSessions, noAnonymousSessionLimits } from './auth/anonymous-sessions.ts';

const sessionKey = (id: string): string => `session:${id}`;
/** How long state of a session without authentication is kept. */
const anonymousTtlMs = 60_000;
const clientSessionKey = (deviceId: string, clientSessionID: string): string => `session-of:${deviceId}:${clientSessionID}`;

export class SyncEngine {
  private readonly anonymous: AnonymousSessions;
  /** One per engine: it holds the per-account turns of password checks (failure limits). */
  private readonly authentication: Authentication;
  /** Sessions made for the message under way (not in the state store yet). */
  private readonly fresh = new WeakSet<SessionState>();

  constructor(private readonly deps: EngineDeps) {
    this.anonymous = new AnonymousSessions(deps.state, deps.clock, deps.options.auth?.sessions ?? noAnonymousSessionLimits, anonymousTtlMs);
    this.authentication = new Authentication(deps);
  }

  async process(message: SyncMLMessage, request: RequestContext): Promise<SyncMLMessage> {
    const digest = createHash('sha256').update(JSON.stringify(message)).digest('base64');
    const { repeated, stored } = await this.repeatedMessage(message, request, digest);
    if (repeated !== undefined) return repeated;
    const session = await this.session(message, request, stored);
    session.lastMessageDigest = digest;
    if (request.encoding !== undefined) session.encoding = request.encoding;
    const log = this.deps.logger.child({ session: session.id, device: session.deviceId, msg: message.hdr.msgID, ...(session.user === undefined ? {} : { user: session.user }) });
    const reply = new Reply<SentCommand>({
      version: session.version,
      sessionID: message.hdr.sessionID,
      msgID: session.nextMsgID++,
      target: message.hdr.source,
      source: { locURI: message.hdr.target.locURI },
      respURI: respURI(request.url, session.id),
      clientMsgID: message.hdr.msgID,
      maxMsgSize: message.hdr.meta?.maxMsgSize ?? session.clientMaxMsgSize ?? this.deps.options.defaultMaxMsgSize,
      sizeOf: this.deps.sizeOf,
      meta: { maxMsgSize: this.deps.options.maxMsgSize, maxObjSize: this.deps.options.maxObjSize ?? defaultMaxObjSize },
    });
    if (message.hdr.meta?.maxMsgSize !== undefined) session.clientMaxMsgSize = message.hdr.meta.maxMsgSize;
    session.lastClientMsgID = message.hdr.msgID;
    const hdrRefs = { target: [message.hdr.target.locURI], source: [message.hdr.source.locURI] };

    const auth = await this.authenticate(session, message, request, log);
    if (!(await this.admit(session, request, log))) {
      // Too many sessions nobody authenticated in: refused, and nothing of it is kept.
      reply.status('SyncHdr', '0', StatusCode.serviceUnavailable, hdrRefs);
      reply.final = true;
      return reply.build().message;
    }
    // Every SyncHdr Status of an MD5 session carries a Chal with the NextNonce (212/200 too).
    const chal = auth.chal === undefined ? {} : { chal: auth.chal };
    if (!auth.ok) {
      reply.status('SyncHdr', '0', auth.status, { ...hdrRefs, ...chal });
      reply.final = true;
      if (auth.end) session.phase = 'done';
      return this.finish(session, reply, undefined);
    }
    const { credentials } = auth;
    reply.status('SyncHdr', '0', auth.status, { ...hdrRefs, ...chal });
    delete session.authenticatedNow;
    // What the previous answer could not hold. When the client only asks for the rest of our
    // package (Alert 222, OMA DS Protocol 1.2, multiple messages in a package), it follows the
    // Status of that Alert; otherwise it comes first, so statuses keep the client's order.
    const carried = session.outbox;
    delete session.outbox;
    const continuation = carried !== undefined && asksForNextMessage(message);
    if (carried !== undefined && !continuation) reply.carry(carried);

    const ctx = new MessageContext(this.deps, session, message, reply, log, credentials);
    try {
      for (const command of message.body) await dispatch(command, ctx);
      if (continuation) reply.carry(carried);
      // Nothing of the client's own moves the session on in a continuation, except in
      // package 4, whose next message is filled as usual.
      if (continuation && session.phase !== 'server-sync') reply.final = carried.final;
      else await this.advance(ctx);
    } catch (error) {
      // A backend failure mid-message: the client gets a failed sync, nothing is committed.
      log.error({ error: describeError(error) }, 'session failed');
      session.phase = 'done';
      for (const ss of Object.values(session.stores)) ss.stats.failed++;
      const failed = new Reply<SentCommand>(reply.options);
      failed.status('SyncHdr', '0', StatusCode.serverFailure, hdrRefs);
      failed.final = true;
      // Device states are saved all the same: they say what the backend now holds.
      return this.finish(session, failed, ctx);
    }
    return this.finish(session, reply, ctx);
  }

  /**
   * Answers a message the protocol layer could not accept (unknown version, incomplete
   * command structure) with a SyncML status on its header, when the header was readable.
   */
  refuse(hdr: SyncHdr, version: SyncMLVersion, code: number): SyncMLMessage {
    const reply = new Reply<SentCommand>({
      version,
      sessionID: hdr.sessionID,
      msgID: 1,
      target: hdr.source,
      source: { locURI: hdr.target.locURI },
      clientMsgID: hdr.msgID,
      maxMsgSize: this.deps.options.defaultMaxMsgSize,
      sizeOf: this.deps.sizeOf,
    });
    reply.status('SyncHdr', '0', code, { target: [hdr.target.locURI], source: [hdr.source.locURI] });
    reply.final = true;
    return reply.build().message;
  }

  /** Moves the session along when the client's package is complete. */
  private async advance(ctx: MessageContext): Promise<void> {
    const { session, message, reply } = ctx;
    switch (session.phase) {
      case 'init':
        if (message.final) {
          session.phase = 'client-sync';
          reply.final = true;
          if ((await ctx.clientDevInf()) === undefined) askForDevInf(ctx);
        }
        return;
      case 'client-sync':
        if (!message.final) return;
        if (session.pendingChunk !== undefined) noEndOfData(session.pendingChunk, ctx);
        for (const ss of Object.values(session.stores)) {
          await prepareStore(ss, ctx);
          if (!ss.changesComputed && ss.backupPrefix === undefined) await computeServerChanges(ss, await ctx.device(ss.stateKey), await ctx.store(ss));
          if (ss.orphans !== undefined && ss.orphans.length > 0) await deleteOrphans(ss, ctx);
        }
        session.phase = 'server-sync';
        return this.sendChanges(ctx);
      case 'server-sync':
        return this.sendChanges(ctx);
      case 'map':
        if (!message.final) return;
        await commitStores(ctx);
        session.phase = 'done';
        reply.final = true;
        return;
      case 'done':
        reply.final = true;
        return;
    }
  }

  private async sendChanges(ctx: MessageContext): Promise<void> {
    // Statuses still wait: our changes start once they are all out.
    if (ctx.reply.overflowing) return;
    if (await fillPackage4(ctx)) {
      ctx.session.phase = 'map';
      ctx.reply.final = true;
    }
  }

  private async finish(session: SessionState, reply: Reply<SentCommand>, ctx: MessageContext | undefined): Promise<SyncMLMessage> {
    const outbox = reply.outbox();
    if (outbox !== undefined) {
      // More follows: this message goes without Final and the client asks for the rest.
      session.outbox = outbox;
      reply.final = false;
      this.deps.logger.debug({ session: session.id, waiting: outbox.statuses.length + outbox.commands.length }, 'reply over MaxMsgSize: the rest follows in the next message');
    }
    // A slot is given back on authentication; otherwise it lapses with the session.
    if (session.anonymousSlot !== undefined && session.authenticated) {
      await this.anonymous.release(session.id, session.anonymousSlot.address);
      delete session.anonymousSlot;
    }
    if (this.fresh.has(session)) {
      this.fresh.delete(session);
      // Only for telling a repeated first message (no session id yet) from a new one.
      await this.deps.state.set(clientSessionKey(session.deviceId, session.clientSessionID), session.id, anonymousTtlMs);
    }
    const { message, tracked } = reply.build();
    for (const { cmdID, info } of tracked) session.sent[`${message.hdr.msgID}:${cmdID}`] = info;
    session.lastReply = message;
    if (ctx !== undefined) await ctx.saveDevices();
    // A session nobody authenticated in is kept only briefly (a flood of first messages
    // must not fill the shared store).
    // Counted from its start, so that it lapses with its slot however many messages it sends.
    const anonymousLeft = Math.max(1, Date.parse(session.startedAt) + anonymousTtlMs - this.deps.clock.now().getTime());
    const ttl = session.authenticated ? this.deps.options.sessionTtlMs : Math.min(this.deps.options.sessionTtlMs, anonymousLeft);
    if (session.phase === 'done' && reply.final) {
      // Kept a little while so that a late retry still finds it.
      await this.deps.state.set(sessionKey(session.id), session, Math.min(ttl, 60_000));
    } else {
      await this.deps.state.set(sessionKey(session.id), session, ttl);
    }
    return message;
  }

  /**
   * The answer already given to this very message, when the client sent it again (its HTTP
   * request timed out): the same answer goes back and nothing is applied twice.
   */
  private async repeatedMessage(
    message: SyncMLMessage,
    request: RequestContext,
    digest: string,
  ): Promise<{ repeated?: SyncMLMessage; stored?: SessionState }> {
    const { hdr } = message;
    const id = request.sessionId ?? (await this.deps.state.get<string>(clientSessionKey(hdr.source.locURI, hdr.sessionID)));
    if (id === undefined) return {};
    const session = await this.deps.state.get<SessionState>(sessionKey(id));
    // The session of the RespURI, read once: session() goes on with it.
    const stored = session !== undefined && id === request.sessionId ? { stored: session } : {};
    if (session?.lastReply === undefined || session.lastClientMsgID !== hdr.msgID || session.lastMessageDigest !== digest) return stored;
    this.deps.logger.info({ session: session.id, msg: hdr.msgID }, 'repeated message: the previous answer is sent again');
    return { repeated: session.lastReply };
  }

  private async session(message: SyncMLMessage, request: RequestContext, stored?: SessionState): Promise<SessionState> {
    const { hdr } = message;
    const deviceId = hdr.source.locURI;
    // A session goes on only through the session id of our RespURI: a device id and its small
    // SessionID are easy to guess and must not open someone else's session.
    if (hdr.msgID !== '1' && request.sessionId !== undefined) {
      const existing = stored ?? (await this.deps.state.get<SessionState>(sessionKey(request.sessionId)));
      if (existing !== undefined && existing.deviceId === deviceId && existing.clientSessionID === hdr.sessionID) return existing;
    }
    const session: SessionState = {
      id: this.deps.newSessionId(),
      version: message.version,
      clientSessionID: hdr.sessionID,
      deviceId,
      serverURI: hdr.target.locURI,
      authenticated: false,
      failedAuth: 0,
      phase: 'init',
      nextMsgID: 1,
      stores: {},
      sent: {},
      params: {},
      startedAt: this.deps.clock.now().toISOString(),
    };
    this.fresh.add(session);
    // URL parameters: from the HTTP request line and from the Target LocURI (a client may
    // not send what follows '#' on the request line, but puts it in the LocURI).
    const { params, problems } = parseUrlParams(request.url, hdr.target.locURI);
    session.params = params;
    const log = this.deps.logger.child({ session: session.id, device: deviceId });
    for (const problem of problems) log.warn({}, `URL parameter ignored: ${problem}`);
    log.info({ version: message.version, params }, 'session started');
    return session;
  }

  /**
   * A new session nobody authenticated in takes one of the bounded slots (total and per client
   * address); false when none is left. Authenticated sessions need none.
   */
  private async admit(session: SessionState, request: RequestContext, log: MessageContext['log']): Promise<boolean> {
    if (session.authenticated || !this.fresh.has(session) || !this.anonymous.bounded) return true;
    const address = request.clientAddress;
    const over = await this.anonymous.admit(session.id, address);
    if (over === undefined) {
      session.anonymousSlot = address === undefined ? {} : { address };
      return true;
    }
    this.fresh.delete(session);
    log.warn({ address, limit: over }, `too many sessions without authentication (${over === 'total' ? 'all clients' : 'this client address'}): refused with 503`);
    return false;
  }

  private authenticate(session: SessionState, message: SyncMLMessage, request: RequestContext, log: MessageContext['log']): Promise<AuthOutcome> {
    return this.authentication.authenticate(session, message, request, log);
  }

}

/** A message of statuses and Alert 222 only: the client waits for the rest of ours. */
function asksForNextMessage(message: SyncMLMessage): boolean {
  return message.body.every((c) => c.kind === 'Status' || (c.kind === 'Alert' && c.data === AlertCode.nextMessage));
}

/** Package 2 asks a client that sent no DevInf for it: formats and limits come from there. */
function askForDevInf(ctx: MessageContext): void {
  const uri = `./devinf${ctx.session.version.replace('.', '')}`;
  ctx.reply.add({ kind: 'Get', cmdID: '', meta: { type: `application/vnd.syncml-devinf+${ctx.session.encoding ?? 'xml'}` }, items: [{ target: { locURI: uri } }] });
}

/**
 * Our RespURI: the URL the client posted to with only our session id as query. The sync URL's
 * own parameters were read when the session began; a `#` among them would hide the id.
 */
function respURI(url: string, sessionId: string): string {
  return `${url.replace(/[?#].*$/, '')}?sid=${encodeURIComponent(sessionId)}`;
}

