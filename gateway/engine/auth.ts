// Authentication of a session on its SyncHdr (SPEC items 1, 3, 14): who may sync, the policy
// (basic / MD5 / both), the check of basic or MD5 credentials, brute-force limits, and the
// SyncHdr Status with its Chal. Failures never reach a backend they need not reach.
import type { Chal, SyncMLMessage } from '../protocol/model.ts';
import { StatusCode } from '../protocol/codes.ts';
import type { StoreKind, UserCredentials } from '../ports/backend.ts';
import type { Logger } from '../ports/logger.ts';
import type { EngineDeps, RequestContext } from './context.ts';
import type { SessionState } from './session-state.ts';
import { accessFor, openAccess, type AccessRules } from './auth/access.ts';
import { readCredentials, type CredentialReading } from './auth/credentials.ts';
import type { AnonymousSessionLimits } from './auth/anonymous-sessions.ts';
import { FailureCounters, noFailureLimits, type FailureLimits } from './auth/failure-limits.ts';
import { checkMd5, type Md5Verdict } from './auth/md5-check.ts';
import { Nonces } from './auth/nonces.ts';
import { accepts, challenge, challengeType, needsPasswords, type AuthPolicy, type AuthType } from './auth/policy.ts';

export type { AuthPolicy, AuthType } from './auth/policy.ts';

/** Authentication settings (EngineOptions.auth); without them: basic only, everyone, no limits. */
export interface AuthSettings {
  policy: AuthPolicy;
  access: AccessRules;
  limits: FailureLimits;
  /** Bounds on sessions without authentication (default: none). */
  sessions?: AnonymousSessionLimits;
  /**
   * Stores whose items travel DES/3DES-encrypted (SPEC item 10), by kind: their items go to the
   * client encrypted even before the client has sent one (a refresh from the server).
   */
  itemEncryption?: ItemEncryptionSettings;
}

/** Meta Format of encrypted items per store kind (`des;b64`, `3des;b64`). */
export type ItemEncryptionSettings = Partial<Record<StoreKind, EncryptedItemFormat>>;
export type EncryptedItemFormat = 'des;b64' | '3des;b64';

export const defaultAuthSettings: AuthSettings = { policy: 'basic', access: openAccess, limits: noFailureLimits };

/** Failed attempts in one session: the first is challenged, the second ends the session. */
export const maxAttemptsPerSession = 2;

export type AuthOutcome =
  | { ok: true; credentials: UserCredentials; status: number; chal?: Chal }
  | { ok: false; status: number; chal?: Chal; end: boolean };

/** What the session record keeps about its authentication, next to the engine's own fields. */
interface SessionAuth {
  authType?: AuthType;
  /** The NextNonce sent to an MD5 client, repeated in every SyncHdr Status. */
  nextNonce?: string;
}

const sessionAuth = (session: SessionState): SessionAuth => session as SessionState & SessionAuth;

/** Throws when the settings ask for something the ports cannot do (checked at start too). */
export function checkAuthSetup(deps: Pick<EngineDeps, 'passwords'>, settings: AuthSettings): void {
  if (needsPasswords(settings.policy) && deps.passwords === undefined) {
    throw new Error(`authentication policy ${settings.policy} needs a credential source that knows passwords in clear`);
  }
}

/** What a credential check decided, with the user's credentials when they are right. */
interface Verification {
  verdict: Md5Verdict;
  credentials?: UserCredentials;
  nonce?: string;
}

export class Authentication {
  private readonly settings: AuthSettings;
  private readonly nonces: Nonces;
  private readonly failures: FailureCounters;

  constructor(private readonly deps: EngineDeps) {
    this.settings = deps.options.auth ?? defaultAuthSettings;
    checkAuthSetup(deps, this.settings);
    this.nonces = new Nonces(deps.state, deps.newNonce);
    this.failures = new FailureCounters(deps.state, deps.clock, this.settings.limits);
  }

  async authenticate(session: SessionState, message: SyncMLMessage, request: RequestContext, log: Logger): Promise<AuthOutcome> {
    const auth = sessionAuth(session);
    if (session.authenticated && session.credentials !== undefined) {
      const credentials = this.deps.seal.open(session.credentials);
      if (credentials !== undefined) {
        const status = session.authenticatedNow === true ? StatusCode.authenticationAccepted : StatusCode.ok;
        return { ok: true, credentials, status, ...this.nonceChal(auth) };
      }
      session.authenticated = false;
    }
    if (!this.settings.access.enabled) {
      log.warn({}, 'SyncML is switched off (SYNCML_ENABLED): session refused');
      return { ok: false, status: StatusCode.forbidden, end: true };
    }
    if (session.failedAuth >= maxAttemptsPerSession) {
      log.warn({ attempts: session.failedAuth }, 'authentication already rejected in this session');
      return { ok: false, status: StatusCode.invalidCredentials, end: true };
    }
    const deviceId = message.hdr.source.locURI;
    const cred = message.hdr.cred;
    if (cred === undefined) {
      log.info({ policy: this.settings.policy }, 'no credentials: challenging');
      return this.failedAttempt(session, deviceId, challengeType(this.settings.policy), log, StatusCode.missingCredentials);
    }
    const reading = readCredentials(cred, message.hdr.source);
    if (reading.kind === 'unsupported' || reading.kind === 'malformed') {
      log.warn({ auth: reading.type, problem: reading.kind, policy: this.settings.policy }, 'credentials not usable');
      return this.failedAttempt(session, deviceId, challengeType(this.settings.policy), log);
    }
    const user = reading.kind === 'basic' ? reading.credentials.user : reading.user;
    const userLog = log.child({ user, auth: reading.kind });
    const access = accessFor(this.settings.access, user);
    if (access !== 'allowed') {
      // Decided on the name alone: no password check, no backend login.
      userLog.warn({ access }, access === 'denied' ? 'account denied (SYNCML_DENY)' : 'account not allowed (SYNCML_ALLOW)');
      return { ok: false, status: StatusCode.forbidden, end: true };
    }
    if (!accepts(this.settings.policy, reading.kind)) {
      userLog.warn({ policy: this.settings.policy }, 'authentication type not accepted by the policy');
      return this.failedAttempt(session, deviceId, challengeType(this.settings.policy), userLog);
    }
    const attempt = await this.failures.attempt(user, request.clientAddress);
    if (attempt.blocked !== undefined) {
      userLog.debug({ limit: attempt.blocked }, 'login refused without a check: too many failed logins');
      return this.failedAttempt(session, deviceId, reading.kind, userLog);
    }
    let checked: Verification;
    try {
      checked = await this.verify(reading, session, deviceId, request, userLog);
    } catch (error) {
      await attempt.undecided();
      throw error;
    }
    const { verdict, credentials, nonce } = checked;
    if (verdict === 'unavailable') {
      await attempt.undecided();
      userLog.warn({}, 'authentication backend unavailable');
      return { ok: false, status: StatusCode.serviceUnavailable, end: true };
    }
    if (verdict !== 'ok' || credentials === undefined) {
      if (verdict === 'stale') {
        await attempt.undecided();
        userLog.info({}, 'MD5 credentials made with an old or empty nonce: challenging with a fresh one');
      } else {
        userLog.warn({}, 'wrong user name or password');
        await attempt.failed(userLog);
      }
      return this.failedAttempt(session, deviceId, reading.kind, userLog, StatusCode.invalidCredentials, nonce);
    }
    await attempt.succeeded();
    session.authenticated = true;
    session.authenticatedNow = true;
    session.user = credentials.user;
    session.credentials = this.deps.seal.seal(credentials);
    auth.authType = reading.kind;
    if (nonce !== undefined) auth.nextNonce = nonce;
    else delete auth.nextNonce;
    userLog.info({}, 'authenticated');
    return { ok: true, credentials, status: StatusCode.authenticationAccepted, ...this.nonceChal(auth) };
  }

  /** Checks the credentials with the configured source, then the account when a check is configured. */
  private async verify(
    reading: Extract<CredentialReading, { kind: 'basic' | 'md5' }>,
    session: SessionState,
    deviceId: string,
    request: RequestContext,
    log: Logger,
  ): Promise<Verification> {
    let verdict: Md5Verdict;
    let credentials: UserCredentials | undefined;
    let nonce: string | undefined;
    if (reading.kind === 'basic') {
      credentials = reading.credentials;
      verdict = await this.deps.authenticator.verify(credentials, request.clientAddress);
    } else {
      const { passwords, options } = this.deps;
      const context = { version: session.version, deviceId, nonces: this.nonces, challengeTtlMs: options.sessionTtlMs, log };
      ({ verdict, credentials, nonce } = await checkMd5(reading, passwords === undefined ? context : { ...context, passwords }));
    }
    if (verdict === 'ok' && credentials !== undefined && this.deps.accountCheck !== undefined) {
      verdict = await this.deps.accountCheck.check(credentials, request.clientAddress);
      if (verdict !== 'ok') log.warn({ result: verdict }, 'password accepted, but the account check on the mail server failed');
    }
    return { verdict, ...(credentials === undefined ? {} : { credentials }), ...(nonce === undefined ? {} : { nonce }) };
  }

  /** Counts a failed attempt: challenged the first time, rejected (session ended) the second. */
  private async failedAttempt(
    session: SessionState,
    deviceId: string,
    type: AuthType,
    log: Logger,
    status: number = StatusCode.invalidCredentials,
    nonce?: string,
  ): Promise<AuthOutcome> {
    session.failedAuth++;
    if (session.failedAuth >= maxAttemptsPerSession) {
      log.warn({ attempts: session.failedAuth }, 'authentication rejected: second failed attempt in this session');
      return { ok: false, status: StatusCode.invalidCredentials, end: true };
    }
    const wanted = accepts(this.settings.policy, type) ? type : challengeType(this.settings.policy);
    const next = wanted === 'md5' ? (nonce ?? (await this.nonces.issue(deviceId, this.deps.options.sessionTtlMs))) : undefined;
    return { ok: false, status, chal: challenge(wanted, next), end: false };
  }

  private nonceChal(auth: SessionAuth): { chal?: Chal } {
    return auth.authType === 'md5' && auth.nextNonce !== undefined ? { chal: challenge('md5', auth.nextNonce) } : {};
  }
}
