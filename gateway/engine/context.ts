// What the handling of one client message needs: the session, the reply under way, the
// account's stores and device states (loaded once per message, saved at its end).
import type { Account, AccountProvider, Authenticator, UserCredentials } from '../ports/backend.ts';
import type { AccountCheck, PasswordLookup } from '../ports/credentials.ts';
import type { BackupSink } from '../ports/backup.ts';
import type { Clock } from '../ports/clock.ts';
import type { DataStore } from '../ports/data-store.ts';
import type { Logger } from '../ports/logger.ts';
import type { StateStore } from '../ports/state-store.ts';
import type { Command, SyncMLMessage } from '../protocol/model.ts';
import type { DevInf } from '../protocol/devinf-model.ts';
import type { AuthSettings } from './auth.ts';
import type { CredentialSeal } from './credential-seal.ts';
import { loadDeviceState, type DeviceStoreState, type LoadedDeviceState } from './device-state.ts';
import { deviceInfoKey } from './device-info.ts';
import { openStore } from './store-view.ts';
import type { Reply } from './reply.ts';
import type { SentCommand, SessionState, StoreSession } from './session-state.ts';

export interface EngineOptions {
  /** How long an idle session is kept. */
  sessionTtlMs: number;
  /** MaxMsgSize assumed when the client gives none. */
  defaultMaxMsgSize: number;
  /** The largest message we accept, announced in our header. */
  maxMsgSize: number;
  /** How an item changed on both sides since the last sync is resolved. */
  conflictPolicy: ConflictPolicy;
  /** IMAP folder of `backup` sessions. */
  backupFolder: string;
  /** Largest item accepted, whole or in chunks, announced as our MaxObjSize (default 2 MiB). */
  maxObjSize?: number;
  /** Items of one client Sync applied at once (backend writes in flight); default 1. */
  applyConcurrency?: number;
  /** Authentication policy, who may sync, brute-force limits; default: basic only, everyone, no limits. */
  auth?: AuthSettings;
}

export type ConflictPolicy = 'server-wins' | 'client-wins' | 'newer-wins' | 'duplicate';

export interface EngineDeps {
  state: StateStore;
  /** Checks basic credentials (an IMAP login, or a password file). */
  authenticator: Authenticator;
  /** Passwords in clear, for MD5 (policies md5 and basic-or-md5 need it). */
  passwords?: PasswordLookup;
  /** Confirms the account after a password file accepted the password (a Dovecot master login). */
  accountCheck?: AccountCheck;
  /** Makes MD5 nonces (NextNonce, base64); random by default. */
  newNonce?: () => string;
  accounts: AccountProvider;
  clock: Clock;
  logger: Logger;
  seal: CredentialSeal;
  /** Encoded size of a command, for MaxMsgSize (from the protocol layer). */
  sizeOf: (command: Command) => number;
  /** Our DevInf, for Get ./devinf1x. */
  serverDevInf: () => DevInf;
  newSessionId: () => string;
  /** Where `backup` sessions store items; without it such sessions get 503 per item. */
  backup?: BackupSink;
  options: EngineOptions;
}

/** Where the request came from, as the HTTP front end saw it. */
export interface RequestContext {
  /** Session id from our RespURI, when the client used it. */
  sessionId?: string;
  /** The URL the client posted to, without our session parameter: base of our RespURI. */
  url: string;
  clientAddress?: string;
  /** How the client encoded its message (we answer alike). */
  encoding?: 'xml' | 'wbxml';
}

export class MessageContext {
  private readonly devices = new Map<string, LoadedDeviceState>();
  private readonly stores = new Map<string, DataStore>();
  private accountInstance?: Account;

  constructor(
    readonly deps: EngineDeps,
    readonly session: SessionState,
    readonly message: SyncMLMessage,
    readonly reply: Reply<SentCommand>,
    readonly log: Logger,
    readonly credentials: UserCredentials,
  ) {}

  account(): Account {
    this.accountInstance ??= this.deps.accounts.account(this.credentials);
    return this.accountInstance;
  }

  /** Opens the backend store of a synced database (once per message). */
  async store(ss: StoreSession): Promise<DataStore> {
    let store = this.stores.get(ss.stateKey);
    if (store === undefined) {
      store = await openStore(this.account(), ss);
      if (store === undefined) throw new Error(`store ${ss.serverURI} is no longer available`);
      this.stores.set(ss.stateKey, store);
    }
    return store;
  }

  /** Forgets the opened store of a database whose view changed (events that turned out combined). */
  reopenStore(ss: StoreSession): Promise<DataStore> {
    this.stores.delete(ss.stateKey);
    return this.store(ss);
  }

  private devinf?: Promise<DevInf | undefined>;

  /** The client's DevInf as last received (Put or Results), if any. */
  clientDevInf(): Promise<DevInf | undefined> {
    this.devinf ??= this.deps.state.get<DevInf>(deviceInfoKey(this.session.user ?? '', this.session.deviceId));
    return this.devinf;
  }

  /** Forgets the cached DevInf after a new one was stored. */
  devInfChanged(): void {
    delete this.devinf;
  }

  async device(key: string): Promise<DeviceStoreState> {
    let loaded = this.devices.get(key);
    if (loaded === undefined) {
      loaded = await loadDeviceState(this.deps.state, key);
      this.devices.set(key, loaded);
    }
    return loaded.device;
  }

  /** Persists what changed in the device states this message loaded. */
  async saveDevices(): Promise<void> {
    for (const loaded of this.devices.values()) await loaded.save();
  }
}
