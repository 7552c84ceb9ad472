// What every scenario gets: configuration, the servers under test, directories, the report;
// and the Scenario shape the registry in bench/main.ts lists.
import type { BenchConfig } from '../config.ts';
import type { GatewayProcess } from '../lib/gateway-process.ts';
import type { Report } from '../lib/report.ts';
import type { SyncServer } from '../lib/sync-server.ts';

export interface BenchContext {
  config: BenchConfig;
  report: Report;
  /** Scratch space of this run (removed at the end). */
  runDir: string;
  /** Kept across runs: filled collections' devices, the gateway's and the peer's state. */
  cacheDir: string;
  /** Logs and profiles. */
  logDir: string;
  /** Unique to this run (device ids). */
  runId: string;
  gateway?: SyncServer;
  gatewayProcess?: GatewayProcess;
  /** Why the main gateway is missing, if it is. */
  gatewayProblem?: string;
  peer?: SyncServer;
  /** Why the peer is missing, if it is. */
  peerProblem?: string;
  /** A bench collection name with the run mode's suffix (quick runs use their own collections). */
  collection(name: string): string;
  log(message: string): void;
}

export interface Scenario {
  /** `1`..`8` as in issue 7. */
  id: string;
  title: string;
  /**
   * Features that must have landed (`calendars`, `mail`, `push`, `wbxml`): without them the
   * scenario prints one "needs: ..." row. Lift a need with BENCH_FEATURES once it landed.
   */
  needs?: string[];
  /** The target as printed when skipped. */
  target?: string;
  /** Runs before the gateway starts: the gateway's discovery then sees the collections made here. */
  prepare?(ctx: BenchContext): Promise<void>;
  run?(ctx: BenchContext): Promise<void>;
}

/** The server under test, or an error saying why it is not there. */
export function requireGateway(ctx: BenchContext): SyncServer {
  if (ctx.gateway === undefined) throw new Error(`gateway not running: ${ctx.gatewayProblem ?? 'unknown'}`);
  return ctx.gateway;
}
