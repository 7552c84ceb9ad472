// The composition root: wires configuration, adapters and the engine into an HTTP server.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { pino } from 'pino';
import { createDavAccountProvider, RequestLimiter } from '../adapters/carddav/index.ts';
import { davAccountsWithLogins } from '../adapters/dav-logins.ts';
import { ImapBackupSink } from '../adapters/imap/imap-backup.ts';
import { createStateStore } from '../adapters/state/index.ts';
import type { GatewayConfig } from './config.ts';
import { CredentialSeal } from './engine/credential-seal.ts';
import { SyncEngine } from './engine/engine.ts';
import { serverDevInf } from './engine/server-devinf.ts';
import { createApp } from './http/app.ts';
import { redactedLogFields, securityDeps, tlsOptions } from './security-wiring.ts';
import type { Logger } from './ports/logger.ts';
import type { StateStore } from './ports/state-store.ts';
import { systemClock } from './ports/clock.ts';
import { estimateSize } from './protocol/size.ts';

export interface RunningGateway {
  url: string;
  server: Server;
  state: StateStore;
  close(): Promise<void>;
}

export async function startGateway(config: GatewayConfig, logger?: Logger): Promise<RunningGateway> {
  const log: Logger = logger ?? pino({ level: config.logLevel, redact: { paths: redactedLogFields, censor: '[secret]' } });
  const security = securityDeps(config, log);
  const tls = tlsOptions(config);
  const state = await createStateStore(config.state);
  // One limiter for all users: the bound is what the DAV server can take at once.
  const dav = { limiter: new RequestLimiter({ maxPerOrigin: config.davMaxRequests, maxWaitMs: config.davQueueWaitMs }), timeoutMs: config.davTimeoutMs, retries: config.davRetries };
  const engine = new SyncEngine({
    state,
    authenticator: security.authenticator,
    ...(security.passwords === undefined ? {} : { passwords: security.passwords }),
    ...(security.accountCheck === undefined ? {} : { accountCheck: security.accountCheck }),
    accounts: davAccountsWithLogins({ davUrl: config.davUrl, logins: security.logins, provider: (davUrl) => createDavAccountProvider({ davUrl, ...dav }) }),
    clock: systemClock,
    logger: log,
    seal: new CredentialSeal(config.sessionKey),
    sizeOf: estimateSize,
    serverDevInf,
    newSessionId: () => randomBytes(12).toString('base64url'),
    backup: new ImapBackupSink({ url: config.imapUrl, logins: security.logins }),
    options: {
      sessionTtlMs: config.sessionTtlSeconds * 1000,
      defaultMaxMsgSize: config.defaultClientMsgSize,
      maxMsgSize: config.maxMsgSize,
      conflictPolicy: config.conflictPolicy,
      applyConcurrency: config.applyConcurrency,
      backupFolder: config.backupFolder,
      auth: security.auth,
    },
  });
  const app = createApp(engine, { path: config.path, maxBodyBytes: config.maxBodyBytes, trustProxy: config.trustProxy, maxActiveMessages: config.maxActiveMessages }, log);
  // HTTPS with the configured certificate, or plain HTTP (behind a TLS-terminating proxy).
  const server = await new Promise<Server>((resolve, reject) => {
    const s: Server = tls === undefined ? app.listen(config.port, config.host, () => resolve(s)) : createHttpsServer(tls, app).listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${tls === undefined ? 'http' : 'https'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}${config.path}`;
  log.info({ url, state: config.state.startsWith('redis') ? 'redis' : 'embedded' }, 'SyncML gateway listening');
  return {
    url,
    server,
    state,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await state.close();
    },
  };
}
