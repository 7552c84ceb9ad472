// SyncEvolution's own SyncML server (syncevo-http-server + syncevo-dbus-server, the libsynthesis
// engine) as the peer to compare with, keeping its data in Radicale via its CardDAV backend.
// Run as TESTING.md says: under dbus-run-session, from a copy of the script fixed to
// /usr/bin/python3 and 127.0.0.1. Every client needs a peer config with its device id.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { stopChild, track } from './children.ts';
import { benchAccount, addressBookUrl } from './radicale.ts';
import { freePort } from './ports.ts';

const installedScript = '/usr/bin/syncevo-http-server';
const endpointPath = '/syncevolution';

export interface PeerServerOptions {
  /** Home, XDG dirs, peer configs and the patched script live here (kept across runs). */
  dir: string;
  logFile: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.slice(0, 3).join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Why the peer cannot run here, or undefined when everything it needs is installed. */
export function peerUnavailableReason(): string | undefined {
  if (!existsSync(installedScript)) return `${installedScript} missing (Debian package syncevolution-http; bench/peer/install.sh installs it)`;
  if (!existsSync('/usr/libexec/syncevo-dbus-server')) return 'syncevo-dbus-server missing (package syncevolution-dbus)';
  if (!existsSync('/usr/bin/dbus-run-session')) return 'dbus-run-session missing (package dbus)';
  return undefined;
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Peer config names for devices made anew in every benchmark run start with this. */
export const transientPeerPrefix = 't-';

export class PeerServer {
  readonly #dir: string;
  readonly #logFile: string;
  #child: ChildProcess | undefined;
  #port = 0;

  constructor(options: PeerServerOptions) {
    this.#dir = options.dir;
    this.#logFile = options.logFile;
    for (const sub of ['home', 'config', 'data', 'cache']) mkdirSync(path.join(this.#dir, sub), { recursive: true });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get path(): string {
    return endpointPath;
  }

  #env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      HOME: path.join(this.#dir, 'home'),
      XDG_CONFIG_HOME: path.join(this.#dir, 'config'),
      XDG_DATA_HOME: path.join(this.#dir, 'data'),
      XDG_CACHE_HOME: path.join(this.#dir, 'cache'),
    };
  }

  /** The installed script with its `#!@PYTHON@` line and all-interfaces listen fixed. */
  #patchedScript(): string {
    const source = readFileSync(installedScript, 'utf8');
    const listen = 'reactor.listenTCP(url.port, site)';
    if (!source.startsWith('#!') || !source.includes(listen)) throw new Error(`${installedScript} does not look as expected; cannot patch it`);
    const patched = source.replace(/^#![^\n]*/, '#!/usr/bin/python3').replace(listen, "reactor.listenTCP(url.port, site, interface='127.0.0.1')");
    const file = path.join(this.#dir, 'syncevo-http-server.py');
    writeFileSync(file, patched, { mode: 0o755 });
    return file;
  }

  /** Peer configs of earlier runs' one-off devices are removed; persistent ones stay. */
  async removeTransientPeers(): Promise<void> {
    const root = path.join(this.#dir, 'config', 'syncevolution');
    const contexts = await readdir(root).catch(() => [] as string[]);
    for (const context of contexts) {
      const peers = await readdir(path.join(root, context, 'peers')).catch(() => [] as string[]);
      for (const peer of peers) {
        if (peer.startsWith(transientPeerPrefix)) await rm(path.join(root, context, 'peers', peer), { recursive: true, force: true });
      }
    }
  }

  /**
   * Lets the client with `deviceId` sync its `addressbook` with a Radicale collection of the
   * bench account: one config context per collection, one peer config per device.
   */
  async configureDevice(peerName: string, deviceId: string, collection: string): Promise<void> {
    const context = collection.replace(/[^A-Za-z0-9_-]/g, '_');
    await run(
      'syncevolution',
      [
        '--daemon=no',
        '--configure',
        '--template',
        'SyncEvolution_Client',
        'syncURL=',
        `remoteDeviceId=${deviceId}`,
        `username=${benchAccount.user}`,
        `password=${benchAccount.password}`,
        'keyring=no',
        'loglevel=0',
        'printChanges=0',
        'dumpData=0',
        'maxlogdirs=1',
        'addressbook/backend=carddav',
        `addressbook/database=${addressBookUrl(collection)}`,
        `addressbook/databaseUser=${benchAccount.user}`,
        `addressbook/databasePassword=${benchAccount.password}`,
        'addressbook/sync=two-way',
        `${peerName}@${context}`,
        'addressbook',
      ],
      this.#env(),
    );
  }

  async start(): Promise<void> {
    const script = this.#patchedScript();
    this.#port = await freePort();
    const log = createWriteStream(this.#logFile, { flags: 'a' });
    const child = spawn('dbus-run-session', ['--', '/usr/bin/python3', script, '--quiet', `http://127.0.0.1:${this.#port}${endpointPath}`], {
      env: this.#env(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    track(child, true);
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.#child = child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`syncevo-http-server exited with code ${child.exitCode} (see ${this.#logFile})`);
      if (await portOpen(this.#port)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`syncevo-http-server did not listen within 30 s (see ${this.#logFile})`);
  }

  async stop(): Promise<void> {
    if (this.#child !== undefined) await stopChild(this.#child, 10_000);
    this.#child = undefined;
  }
}
