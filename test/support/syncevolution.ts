// Simulates one SyncML device with the real SyncEvolution client: isolated config, file stores, sync runs and their results.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { readFile, readdir, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { runStackCommand } from './stack.ts';

/** `syncevolution --sync` modes (TESTING.md lists the Alert code each one sends). */
export type SyncMode =
  | 'two-way'
  | 'slow'
  | 'one-way-from-local'
  | 'refresh-from-local'
  | 'one-way-from-remote'
  | 'refresh-from-remote';

/** Local item formats of SyncEvolution's file backend. */
export type DatabaseFormat = 'text/vcard' | 'text/x-vcard' | 'text/calendar' | 'text/x-vcalendar' | 'text/plain';

/** One datastore of the device: a directory with one file per item, synced with one server database. */
export interface StoreConfig {
  /** Local name of the store (config section, status.ini key, directory name), e.g. `contacts`. */
  name: string;
  /** Format of the items in the local files; by default also what is sent on the wire. */
  databaseFormat: DatabaseFormat;
  /** Database URI on the server (the Alert's Target LocURI), e.g. `Contacts`. */
  uri: string;
  /** Format to use on the wire instead of databaseFormat (SyncEvolution `syncFormat`). */
  syncFormat?: string;
  /** Insist on syncFormat even if the server's DevInf prefers another one. */
  forceSyncFormat?: boolean;
  /**
   * SyncEvolution's virtual datastore over other stores of the device (e.g. `['calendar', 'tasks']`
   * for one agenda database with events and tasks, as Nokia phones keep them). The named stores
   * must be configured too; only the virtual one is synced.
   */
  combines?: readonly string[];
}

/** The usual stores by name; pass a name to `stores` or a full StoreConfig. */
export const storePresets = {
  contacts: { name: 'contacts', databaseFormat: 'text/vcard', uri: 'Contacts' },
  calendar: { name: 'calendar', databaseFormat: 'text/calendar', uri: 'Calendar' },
  tasks: { name: 'tasks', databaseFormat: 'text/calendar', uri: 'Tasks' },
  notes: { name: 'notes', databaseFormat: 'text/plain', uri: 'Notes' },
} as const satisfies Record<string, StoreConfig>;

export type StorePresetName = keyof typeof storePresets;

/** Options of a simulated device. Only syncURL, user and password are required. */
export interface SyncEvolutionDeviceOptions {
  /** The gateway's SyncML endpoint, e.g. `http://127.0.0.1:18080/syncml`. */
  syncURL: string;
  /** SyncML user name (sent in the SyncHdr Cred). */
  user: string;
  /** SyncML password. */
  password: string;
  /** Device ID (SyncHdr Source LocURI); default a random `syncevo-test-<hex>`. */
  deviceId?: string;
  /** SyncML protocol version; default `1.2`. */
  syncMLVersion?: '1.1' | '1.2';
  /** Send WBXML instead of XML; default false. */
  wbxml?: boolean;
  /** Credential type of the first message (later the client follows the server); default `basic`. */
  authType?: 'basic' | 'md5';
  /** MaxMsgSize the client announces (never below 10240); default 150000. */
  maxMsgSize?: number;
  /** MaxObjSize the client announces; default 4000000. */
  maxObjSize?: number;
  /** Datastores: preset names or full configs; default `['contacts']`. */
  stores?: ReadonlyArray<StorePresetName | StoreConfig>;
  /** SyncEvolution log level; 5 writes every raw message into the session's log dir. Default 0. */
  loglevel?: number;
  /** Kill a sync or configure run after this many milliseconds; default 120000. */
  timeoutMs?: number;
  /** Directory for the device's HOME, stores and logs; default a new temp dir. */
  baseDir?: string;
  /** Extra `property=value` settings passed to `--configure` (e.g. `{ RetryDuration: '10' }`). */
  extraConfig?: Readonly<Record<string, string>>;
}

/** Item counts of one store after a sync (status.ini `source-<store>-stat-*-total`). */
export interface StoreStats {
  local: { added: number; updated: number; removed: number };
  remote: { added: number; updated: number; removed: number };
  /** The store's own status (status.ini `source-<store>-status`), 0 when fine. */
  status?: number;
  /** The mode the store really ran in (status.ini `source-<store>-mode`). */
  mode?: string;
  /** Every `source-<store>-*` value of status.ini, unparsed. */
  raw: Record<string, string>;
}

/** Outcome of one `syncevolution --run`. */
export interface SyncResult {
  /** Process exit code (0 ok, 1 failed); null when killed by a signal. */
  exitCode: number | null;
  /** Signal that ended the process (e.g. SIGSEGV), null for a normal exit. */
  signal: NodeJS.Signals | null;
  /** True when the run was killed by the timeout. */
  timedOut: boolean;
  /** Session status from status.ini: 200 ok, 401/403 auth, 20043 transport failure... */
  status?: number;
  /** status.ini `error`: the first error SyncEvolution reported. */
  error?: string;
  /** Per-store statistics, keyed by store name. */
  stats: Record<string, StoreStats>;
  stdout: string;
  stderr: string;
  /** This session's log directory (status.ini, syncevolution-log.html, message dumps), if one was made. */
  logDir?: string;
}

interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

const PEER = 'peer';
let preloadPath: Promise<string> | undefined;

/**
 * Path of the LD_PRELOAD fix without which SyncEvolution 2.0.0 crashes on its first POST
 * (TESTING.md). Built by `stack.sh preload-path` once per process; override with
 * SYNCML_SYNCEVOLUTION_PRELOAD.
 */
export function syncEvolutionPreload(): Promise<string> {
  const override = process.env['SYNCML_SYNCEVOLUTION_PRELOAD'];
  if (override) return Promise.resolve(override);
  preloadPath ??= runStackCommand('preload-path').then((out) => {
    const file = out.trim().split('\n').pop();
    if (!file) throw new Error('stack.sh preload-path printed nothing');
    return file;
  });
  return preloadPath;
}

function resolveStore(store: StorePresetName | StoreConfig): StoreConfig {
  return typeof store === 'string' ? storePresets[store] : store;
}

/** Parses `key = value` lines of SyncEvolution's status.ini. */
export function parseStatusIni(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    values[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return values;
}

function toInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+$/.test(value)) return undefined;
  return Number(value);
}

function storeStats(values: Record<string, string>, store: string): StoreStats {
  const prefix = `source-${store}-`;
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith(prefix)) raw[key.slice(prefix.length)] = value;
  }
  const count = (side: 'local' | 'remote', what: 'added' | 'updated' | 'removed') =>
    toInt(raw[`stat-${side}-${what}-total`]) ?? 0;
  const stats: StoreStats = {
    local: { added: count('local', 'added'), updated: count('local', 'updated'), removed: count('local', 'removed') },
    remote: { added: count('remote', 'added'), updated: count('remote', 'updated'), removed: count('remote', 'removed') },
    raw,
  };
  const status = toInt(raw['status']);
  if (status !== undefined) stats.status = status;
  if (raw['mode'] !== undefined) stats.mode = raw['mode'];
  return stats;
}

/** Runs a command with no stdin in its own process group; kills the group on timeout. */
function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        timedOut,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * One simulated SyncML device: SyncEvolution with its own HOME and XDG dirs under `dir`,
 * file-backed stores under `dir/stores/<store>` (one file per item) and session logs under
 * `dir/logs`. Call `configure()` once, then `sync()` as often as needed; `cleanup()` at the end.
 */
export class SyncEvolutionDevice {
  /** Root directory of this device. */
  readonly dir: string;
  readonly deviceId: string;
  readonly stores: readonly StoreConfig[];
  private readonly options: SyncEvolutionDeviceOptions;
  private password: string;

  constructor(options: SyncEvolutionDeviceOptions) {
    this.options = options;
    this.password = options.password;
    this.deviceId = options.deviceId ?? `syncevo-test-${randomBytes(6).toString('hex')}`;
    this.stores = (options.stores ?? ['contacts']).map(resolveStore);
    const names = new Set(this.stores.map((store) => store.name));
    if (names.size !== this.stores.length) throw new Error('SyncEvolutionDevice: store names must be unique');
    for (const name of names) {
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`SyncEvolutionDevice: bad store name ${name}`);
    }
    this.dir = options.baseDir ?? mkdtempSync(path.join(os.tmpdir(), 'syncevo-device-'));
    for (const sub of ['home', 'config', 'data', 'cache', 'logs']) mkdirSync(path.join(this.dir, sub), { recursive: true });
    for (const store of this.stores) mkdirSync(this.storeDir(store.name), { recursive: true });
  }

  /** Where SyncEvolution writes one directory per session. */
  get logRoot(): string {
    return path.join(this.dir, 'logs');
  }

  /** Directory of a store's items. */
  storeDir(store: string): string {
    return path.join(this.dir, 'stores', store);
  }

  /** The stores a sync runs by default: all but those a virtual store combines. */
  syncedStores(): string[] {
    const combined = new Set(this.stores.flatMap((store) => store.combines ?? []));
    return this.stores.filter((store) => !combined.has(store.name)).map((store) => store.name);
  }

  /** Writes the peer configuration (`syncevolution --configure --template none ...`). */
  async configure(): Promise<void> {
    const o = this.options;
    const settings: Record<string, string> = {
      syncURL: o.syncURL,
      username: o.user,
      password: this.password,
      keyring: 'no',
      SyncMLVersion: o.syncMLVersion ?? '1.2',
      enableWBXML: o.wbxml ? '1' : '0',
      clientAuthType: o.authType ?? 'basic',
      maxMsgSize: String(o.maxMsgSize ?? 150000),
      maxObjSize: String(o.maxObjSize ?? 4000000),
      RetryInterval: '0',
      preventSlowSync: '0',
      enableRefreshSync: '1',
      printChanges: '0',
      dumpData: '0',
      logdir: this.logRoot,
      maxlogdirs: '0',
      loglevel: String(o.loglevel ?? 0),
      deviceId: this.deviceId,
      ...o.extraConfig,
    };
    const combined = new Set(this.stores.flatMap((store) => store.combines ?? []));
    const args = ['--daemon=no', '--configure', '--template', 'none'];
    for (const [key, value] of Object.entries(settings)) args.push(`${key}=${value}`);
    for (const store of this.stores) {
      const prefix = `${store.name}/`;
      if (store.combines === undefined) {
        args.push(`${prefix}backend=file`, `${prefix}database=file://${this.storeDir(store.name)}`, `${prefix}databaseFormat=${store.databaseFormat}`);
      } else {
        // A virtual store has no files of its own: its format is the wire format of its parts.
        args.push(`${prefix}backend=virtual`, `${prefix}database=${store.combines.join(',')}`);
      }
      args.push(`${prefix}uri=${store.uri}`, `${prefix}sync=${combined.has(store.name) ? 'disabled' : 'two-way'}`);
      const syncFormat = store.syncFormat ?? (store.combines === undefined ? undefined : store.databaseFormat);
      if (syncFormat !== undefined) args.push(`${prefix}syncFormat=${syncFormat}`);
      if (store.forceSyncFormat !== undefined) args.push(`${prefix}forceSyncFormat=${store.forceSyncFormat ? '1' : '0'}`);
    }
    args.push(PEER, ...this.stores.map((store) => store.name));
    await this.checkedRun(args, 'configure');
  }

  /**
   * Changes the password in the stored configuration, e.g. to a wrong one before a sync that
   * must be refused; `changePassword(options.password)` restores it.
   */
  async changePassword(password: string): Promise<void> {
    this.password = password;
    await this.checkedRun(['--daemon=no', '--configure', `password=${password}`, PEER], 'change password');
  }

  /** Changes settings of the stored configuration, e.g. `{ syncURL: '...?sync=3' }`. */
  async reconfigure(settings: Readonly<Record<string, string>>): Promise<void> {
    const args = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
    await this.checkedRun(['--daemon=no', '--configure', ...args, PEER], 'reconfigure');
  }

  /** Runs one sync session of the given stores (default: all) and collects its result. */
  async sync(mode: SyncMode, stores?: readonly string[]): Promise<SyncResult> {
    const names = stores ?? this.syncedStores();
    const before = new Set(await listDir(this.logRoot));
    const run = await this.run(['--daemon=no', '--run', '--sync', mode, PEER, ...names]);
    const result: SyncResult = { ...run, stats: {} };
    const created = (await listDir(this.logRoot)).filter((name) => !before.has(name)).sort();
    const session = created.pop();
    if (session === undefined) return result;
    result.logDir = path.join(this.logRoot, session);
    let ini: string;
    try {
      ini = await readFile(path.join(result.logDir, 'status.ini'), 'utf8');
    } catch {
      return result;
    }
    const values = parseStatusIni(ini);
    const status = toInt(values['status']);
    if (status !== undefined) result.status = status;
    if (values['error']) result.error = values['error'];
    for (const name of names) {
      result.stats[name] = storeStats(values, name);
      // SyncEvolution reports a virtual store under the stores it combines.
      for (const part of this.stores.find((store) => store.name === name)?.combines ?? []) result.stats[part] = storeStats(values, part);
    }
    return result;
  }

  /** Item file names of a store, in numeric-then-lexical order. */
  async listItems(store: string): Promise<string[]> {
    const names = (await listDir(this.storeDir(store))).filter((name) => !name.startsWith('.'));
    return names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }

  async readItem(store: string, name: string): Promise<string> {
    return readFile(this.itemPath(store, name), 'utf8');
  }

  /**
   * Creates or replaces an item. The file backend notices changes by modification time in
   * whole seconds, so an overwritten file gets an mtime at least one second past its old one.
   */
  async writeItem(store: string, name: string, data: string): Promise<void> {
    const file = this.itemPath(store, name);
    const previous = await stat(file).catch(() => undefined);
    await writeFile(file, data, 'utf8');
    if (previous !== undefined) {
      const seconds = Math.max(Math.floor(Date.now() / 1000), Math.floor(previous.mtimeMs / 1000) + 1);
      await utimes(file, seconds, seconds);
    }
  }

  async deleteItem(store: string, name: string): Promise<void> {
    await unlink(this.itemPath(store, name));
  }

  /** Removes the device's directory (config, stores, logs). */
  async cleanup(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private itemPath(store: string, name: string): string {
    if (!this.stores.some((s) => s.name === store)) throw new Error(`unknown store ${store}`);
    if (name.length === 0 || name.includes('/') || name === '.' || name === '..') throw new Error(`bad item name ${name}`);
    return path.join(this.storeDir(store), name);
  }

  private async environment(): Promise<NodeJS.ProcessEnv> {
    return {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      HOME: path.join(this.dir, 'home'),
      XDG_CONFIG_HOME: path.join(this.dir, 'config'),
      XDG_DATA_HOME: path.join(this.dir, 'data'),
      XDG_CACHE_HOME: path.join(this.dir, 'cache'),
      LD_PRELOAD: await syncEvolutionPreload(),
    };
  }

  private async run(args: string[]): Promise<ProcessResult> {
    const binary = process.env['SYNCML_SYNCEVOLUTION_BIN'] ?? 'syncevolution';
    return runProcess(binary, args, await this.environment(), this.options.timeoutMs ?? 120_000);
  }

  private async checkedRun(args: string[], what: string): Promise<void> {
    const result = await this.run(args);
    if (result.exitCode !== 0) {
      throw new Error(
        `syncevolution ${what} failed (exit ${result.exitCode}, signal ${result.signal})\n${result.stdout}\n${result.stderr}`,
      );
    }
  }
}

/** The devices of one test file: each configured when added, all removed by `cleanup()`. */
export class DeviceSet {
  readonly #devices: SyncEvolutionDevice[] = [];

  async add(options: SyncEvolutionDeviceOptions): Promise<SyncEvolutionDevice> {
    const device = new SyncEvolutionDevice(options);
    this.#devices.push(device);
    await device.configure();
    return device;
  }

  /** Every device added so far, oldest first. */
  get all(): readonly SyncEvolutionDevice[] {
    return this.#devices;
  }

  async cleanup(): Promise<void> {
    for (const device of this.#devices.splice(0)) await device.cleanup();
  }
}
