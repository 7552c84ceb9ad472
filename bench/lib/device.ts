// One simulated phone for the benchmark: a SyncEvolution device (test/support/syncevolution.ts)
// holding vCard 2.1, bound to one server and collection, whose syncs are timed three ways.
import { mkdirSync } from 'node:fs';
import { SyncEvolutionDevice, type StoreConfig, type SyncMode, type SyncResult } from '../../test/support/syncevolution.ts';
import { benchAccount } from './radicale.ts';
import type { ExchangeTiming } from './exchange-proxy.ts';
import type { SyncServer } from './sync-server.ts';

export interface SyncMeasurement {
  /** The whole `syncevolution --run`, process start included. */
  wallMs: number;
  /** Measured at the proxy: first request in to last answer out, and the server's share. */
  exchange: ExchangeTiming;
  result: SyncResult;
}

export interface BenchDeviceOptions {
  server: SyncServer;
  deviceId: string;
  collection: string;
  /** Where the device lives; kept across benchmark runs for persistent devices. */
  dir: string;
  /** Kept across benchmark runs (its peer config too). */
  persistent?: boolean;
  timeoutMs?: number;
  /** The device's one store; default contacts in vCard 2.1 at `server.storeUri(collection)`. */
  store?: StoreConfig;
}

export class BenchDevice {
  readonly device: SyncEvolutionDevice;
  readonly server: SyncServer;
  readonly collection: string;
  readonly #persistent: boolean;
  readonly #storeName: string;

  constructor(options: BenchDeviceOptions) {
    mkdirSync(options.dir, { recursive: true });
    this.server = options.server;
    this.collection = options.collection;
    this.#persistent = options.persistent ?? false;
    this.#storeName = options.store?.name ?? 'contacts';
    this.device = new SyncEvolutionDevice({
      syncURL: options.server.syncURL,
      user: benchAccount.user,
      password: benchAccount.password,
      deviceId: options.deviceId,
      baseDir: options.dir,
      stores: [options.store ?? { name: 'contacts', databaseFormat: 'text/x-vcard', uri: options.server.storeUri(options.collection) }],
      timeoutMs: options.timeoutMs ?? 900_000,
      // One log dir is enough; the default keeps every session's.
      extraConfig: { maxlogdirs: '1' },
    });
  }

  /** Server side first (the peer needs a peer config), then the device's own configuration. */
  async configure(): Promise<void> {
    await this.server.prepareDevice(this.device.deviceId, this.collection, this.#persistent);
    await this.device.configure();
  }

  /** Runs one sync, timed; throws when it fails or runs in another mode than `expectMode`. */
  async sync(mode: SyncMode, expectMode?: string): Promise<SyncMeasurement> {
    this.server.proxy.reset();
    const start = performance.now();
    const result = await this.device.sync(mode);
    const wallMs = performance.now() - start;
    const exchange = this.server.proxy.timing();
    if (result.exitCode !== 0 || result.status !== 200) {
      const tail = result.stdout.split('\n').slice(-25).join('\n');
      throw new Error(
        `${this.server.kind} sync of ${this.device.deviceId} failed: exit ${result.exitCode}, status ${result.status}, ${result.error ?? ''}` +
          `${result.timedOut ? ' (timed out)' : ''}\n${tail}`,
      );
    }
    const ranAs = result.stats[this.#storeName]?.mode;
    if (expectMode !== undefined && ranAs !== expectMode) {
      throw new Error(`${this.server.kind} sync of ${this.device.deviceId} ran as ${ranAs ?? '?'}, expected ${expectMode}`);
    }
    return { wallMs, exchange, result };
  }

  /** Item counts of the last sync: `local +a ~u -d remote +a ~u -d`. */
  static counts(m: SyncMeasurement): string {
    const s = m.result.stats['contacts'];
    if (s === undefined) return 'none';
    return `local +${s.local.added} ~${s.local.updated} -${s.local.removed} remote +${s.remote.added} ~${s.remote.updated} -${s.remote.removed}`;
  }

  async cleanup(): Promise<void> {
    await this.device.cleanup();
  }
}
