// What the results were measured on: CPUs, memory, versions, commit, load at the start.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { repoDir } from '../../test/support/stack.ts';

function command(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { cwd: repoDir, encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export interface MachineInfo {
  lines: string[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const dirty = command('git', ['status', '--porcelain']).split('\n').filter((l) => l.trim().length > 0).length;
  const radicale = command('/usr/bin/python3', ['-c', 'import radicale; print(radicale.VERSION)']);
  const syncevolution = command('syncevolution', ['--version']).split('\n')[0] ?? 'unknown';
  return {
    lines: [
      `date: ${new Date().toISOString()}`,
      `git commit: ${command('git', ['rev-parse', '--short', 'HEAD'])}${dirty > 0 ? ` (working tree with ${dirty} uncommitted changes by concurrent work)` : ''}`,
      `machine: ${command('nproc', [])} CPUs (${cpus[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}`,
      `node ${process.version}; Radicale ${radicale}; ${syncevolution}`,
      `load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    ],
  };
}
