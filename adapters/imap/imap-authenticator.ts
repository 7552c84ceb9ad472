// Checks a user's credentials by logging in to their IMAP server (and out again) with imapflow.
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { AuthResult, Authenticator, UserCredentials } from '../../gateway/ports/backend.ts';

/** The logging this adapter does (pino and the gateway's Logger fit). */
export interface AuthLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ImapAuthenticatorOptions {
  /** imap://host[:143] (cleartext) or imaps://host[:993] (TLS). */
  url: string;
  /** Outcomes and failures; never credentials. imapflow's own logging stays off. */
  logger?: AuthLogger;
  /** TCP/TLS connect. Default 10 s. */
  connectTimeoutMs?: number;
  /** Server greeting. Default 10 s. */
  greetingTimeoutMs?: number;
  /** Silence on the connection; above Dovecot's auth penalty (up to 15 s). Default 30 s. */
  socketTimeoutMs?: number;
  /** Extra TLS options for imaps:// (e.g. a CA for a private server). */
  tls?: ConnectionOptions;
}

/** Server response codes (RFC 5530) that mean "try later" rather than "wrong credentials". */
const transientCodes = new Set(['UNAVAILABLE', 'SERVERBUG', 'LIMIT', 'INUSE', 'CONTACTADMIN']);

interface ImapError {
  code?: string;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  message?: string;
}

export class ImapAuthenticator implements Authenticator {
  readonly #host: string;
  readonly #port: number;
  readonly #secure: boolean;
  readonly #options: ImapAuthenticatorOptions;

  constructor(options: ImapAuthenticatorOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') throw new Error(`not an imap:// or imaps:// URL: ${options.url}`);
    this.#secure = url.protocol === 'imaps:';
    this.#host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.#port = url.port ? Number(url.port) : this.#secure ? 993 : 143;
    this.#options = options;
  }

  /**
   * Logs in as `credentials.user` and out again. `clientAddress` (the device's IP) goes to the
   * server in an IMAP ID `x-originating-ip` field before LOGIN, so Dovecot applies its failed-login
   * penalty per device instead of per gateway (honoured for hosts in login_trusted_networks).
   */
  async verify(credentials: UserCredentials, clientAddress?: string): Promise<AuthResult> {
    if (!credentials.user || !credentials.password) return 'invalid';
    const clientInfo: Record<string, string> = { name: 'syncml-gateway' };
    if (clientAddress && isIP(clientAddress)) clientInfo['x-originating-ip'] = clientAddress;
    const options: ImapFlowOptions = {
      host: this.#host,
      port: this.#port,
      secure: this.#secure,
      doSTARTTLS: this.#secure ? undefined : false,
      tls: this.#options.tls,
      auth: { user: credentials.user, pass: credentials.password },
      clientInfo,
      logger: false,
      verifyOnly: true,
      disableAutoIdle: true,
      disableCompression: true,
      connectionTimeout: this.#options.connectTimeoutMs ?? 10_000,
      greetingTimeout: this.#options.greetingTimeoutMs ?? 10_000,
      socketTimeout: this.#options.socketTimeoutMs ?? 30_000,
    };
    const client = new ImapFlow(options);
    // An 'error' event without a listener would crash the process.
    client.on('error', () => {});
    const log = this.#options.logger;
    try {
      await client.connect();
      log?.debug({ user: credentials.user, result: 'ok' }, 'IMAP login checked');
      return 'ok';
    } catch (err) {
      const result = classify(err as ImapError);
      // Only selected fields: imapflow errors may carry the executed command (with credentials).
      const e = err as ImapError;
      const details = { user: credentials.user, result, code: e.code, serverResponseCode: e.serverResponseCode, reason: e.message };
      if (result === 'unavailable') log?.warn(details, 'IMAP server unavailable for login check');
      else log?.debug(details, 'IMAP login refused');
      return result;
    } finally {
      client.close();
    }
  }
}

function classify(err: ImapError): AuthResult {
  const code = err.serverResponseCode?.toUpperCase();
  if (code && transientCodes.has(code)) return 'unavailable';
  if (err.authenticationFailed) return 'invalid';
  return 'unavailable';
}
