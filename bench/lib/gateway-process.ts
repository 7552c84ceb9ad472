// The gateway as a child process (`node --import tsx gateway/main.ts` with SYNCML_* settings),
// so its memory is its own: peak RSS from /proc/<pid>/status, optional CPU profile on exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoDir, stackUrls } from '../../test/support/stack.ts';
import { stopChild, track } from './children.ts';
import { freePort } from './ports.ts';

export interface GatewayProcessOptions {
  /** Embedded state directory or redis:// URL. */
  state: string;
  logFile: string;
  logLevel: string;
  /** Write a V8 CPU profile into this directory when the process exits. */
  cpuProfileDir?: string;
  env?: Record<string, string>;
}

export interface MemoryStatus {
  /** Current resident set, bytes. */
  rss: number;
  /** Peak resident set since start (VmHWM), bytes. */
  peakRss: number;
}

export class GatewayProcess {
  readonly url: string;
  readonly baseUrl: string;
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.url = `${this.baseUrl}/syncml`;
  }

  static async start(options: GatewayProcessOptions): Promise<GatewayProcess> {
    const port = await freePort();
    const urls = stackUrls();
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    const nodeArgs = ['--import', 'tsx'];
    if (options.cpuProfileDir !== undefined) {
      mkdirSync(options.cpuProfileDir, { recursive: true });
      nodeArgs.unshift('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
    }
    const child = spawn(process.execPath, [...nodeArgs, 'gateway/main.ts'], {
      cwd: repoDir,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? '/root',
        NODE_ENV: 'production',
        SYNCML_PORT: String(port),
        SYNCML_HOST: '127.0.0.1',
        SYNCML_IMAP_URL: urls.imap,
        SYNCML_DAV_URL: urls.dav,
        SYNCML_STATE: options.state,
        SYNCML_SESSION_KEY: 'be7c4b00'.repeat(8),
        SYNCML_LOG_LEVEL: options.logLevel,
        // For a look inside (e.g. --heapsnapshot-signal=SIGUSR2); not set in measured runs.
        ...(process.env['BENCH_GATEWAY_NODE_OPTIONS'] ? { NODE_OPTIONS: process.env['BENCH_GATEWAY_NODE_OPTIONS'] } : {}),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child, false);
    const log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const gateway = new GatewayProcess(child, port);
    await gateway.#waitUntilReady(30_000);
    return gateway;
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  async #waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.#child.exitCode !== null) throw new Error(`the gateway exited with code ${this.#child.exitCode} at start (see its log)`);
      try {
        const response = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
        await response.text();
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stopChild(this.#child);
    throw new Error(`the gateway did not answer /healthz within ${timeoutMs} ms`);
  }

  /** VmRSS and VmHWM of the gateway process (Linux /proc). */
  async memory(): Promise<MemoryStatus> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb('VmRSS'), peakRss: kb('VmHWM') };
  }

  /** Stops the gateway (SIGTERM: it closes its server and state store; a CPU profile is written then). */
  async stop(): Promise<void> {
    await stopChild(this.#child, 15_000);
  }
}
