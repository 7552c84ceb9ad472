// Every server process the benchmark starts is registered here, so that an error or a signal
// never leaves one running. Only these processes (by pid, or their own process group) are stopped.
import type { ChildProcess } from 'node:child_process';

/** Running children, and whether each leads its own process group (spawned detached). */
const running = new Map<ChildProcess, boolean>();

function alive(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(running.get(child) ? -child.pid : child.pid, signal);
  } catch {
    // already gone
  }
}

export function track(child: ChildProcess, ownGroup: boolean): void {
  running.set(child, ownGroup);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (alive(child)) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  // A group may still hold helpers (the peer's dbus-daemon) after its leader exited.
  if (running.get(child)) signalGroup(child, 'SIGKILL');
  running.delete(child);
}

/** Last resort on exit: kill whatever is still registered (synchronously). */
export function killAllTracked(): void {
  for (const child of running.keys()) signalGroup(child, 'SIGKILL');
  running.clear();
}

let installed = false;

/** Kills the registered children when the benchmark exits or is interrupted. */
export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllTracked);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllTracked();
      process.exit(130);
    });
  }
}
