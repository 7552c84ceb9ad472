// Builds a SyncEngine over in-memory ports for unit tests.
import { CredentialSeal } from '../../gateway/engine/credential-seal.ts';
import type { ConflictPolicy } from '../../gateway/engine/context.ts';
import type { AuthSettings } from '../../gateway/engine/auth.ts';
import type { AccountCheck, PasswordLookup } from '../../gateway/ports/credentials.ts';
import type { BackupSink } from '../../gateway/ports/backup.ts';
import type { Clock } from '../../gateway/ports/clock.ts';
import { SyncEngine } from '../../gateway/engine/engine.ts';
import { serverDevInf } from '../../gateway/engine/server-devinf.ts';
import type { SyncMLMessage } from '../../gateway/protocol/model.ts';
import { estimateSize } from '../../gateway/protocol/size.ts';
import { silentLogger, type Logger } from '../../gateway/ports/logger.ts';
import { FixedAuthenticator, MemoryAccounts, MemoryStateStore } from './memory-backend.ts';
import type { ProcessFn } from './model-client.ts';

export interface EngineHarness {
  engine: SyncEngine;
  accounts: MemoryAccounts;
  state: MemoryStateStore;
  authenticator: FixedAuthenticator;
  process: ProcessFn;
  /** A new engine over the same state, as after a gateway restart. */
  restart(): EngineHarness;
}

const sealKey = Buffer.alloc(32, 7);

export interface HarnessOptions {
  conflictPolicy?: ConflictPolicy;
  backup?: BackupSink;
  clock?: Clock;
  /** Authentication policy, access lists, brute-force limits (default: basic, everyone, none). */
  auth?: AuthSettings;
  /** Passwords in clear for MD5 (see MemoryPasswords). */
  passwords?: PasswordLookup;
  accountCheck?: AccountCheck;
  logger?: Logger;
  /** Request's client address (for the per-address failure limit). */
  clientAddress?: string;
  /** Items of one client Sync applied at once (default 1). */
  applyConcurrency?: number;
}

export function engineHarness(
  passwords: Record<string, string> = { 'alice@example.com': 'alice-secret', 'bob@example.com': 'bob-secret' },
  shared?: { accounts: MemoryAccounts; state: MemoryStateStore },
  options: HarnessOptions = {},
): EngineHarness {
  const accounts = shared?.accounts ?? new MemoryAccounts();
  const state = shared?.state ?? new MemoryStateStore();
  const authenticator = new FixedAuthenticator(passwords);
  let counter = 0;
  const engine = new SyncEngine({
    state,
    authenticator,
    accounts,
    clock: options.clock ?? { now: () => new Date('2026-11-26T10:00:00Z') },
    logger: options.logger ?? silentLogger,
    seal: new CredentialSeal(sealKey),
    sizeOf: estimateSize,
    serverDevInf,
    newSessionId: () => `s${++counter}-${Math.random().toString(36).slice(2, 8)}`,
    options: { sessionTtlMs: 60_000, defaultMaxMsgSize: 64 * 1024, maxMsgSize: 1024 * 1024, conflictPolicy: options.conflictPolicy ?? 'server-wins', backupFolder: 'SyncML Backup', ...(options.auth === undefined ? {} : { auth: options.auth }), ...(options.applyConcurrency === undefined ? {} : { applyConcurrency: options.applyConcurrency }) },
    ...(options.backup === undefined ? {} : { backup: options.backup }),
    ...(options.passwords === undefined ? {} : { passwords: options.passwords }),
    ...(options.accountCheck === undefined ? {} : { accountCheck: options.accountCheck }),
  });
  const process: ProcessFn = (message: SyncMLMessage, sessionId: string | undefined, url = 'http://gateway.test/syncml') =>
    engine.process(structuredClone(message), { url, ...(sessionId === undefined ? {} : { sessionId }), ...(options.clientAddress === undefined ? {} : { clientAddress: options.clientAddress }) });
  return { engine, accounts, state, authenticator, process, restart: () => engineHarness(passwords, { accounts, state }, options) };
}

export function vcard(name: string, extra = ''): string {
  const [given, family] = name.split(' ');
  return `BEGIN:VCARD\r\nVERSION:3.0\r\nN:${family ?? ''};${given ?? ''};;;\r\nFN:${name}\r\nTEL;TYPE=CELL:+49 170 ${name.length}00\r\n${extra}END:VCARD\r\n`;
}
