// Ports, URLs and accounts of the real-server test stack (scripts/stack.sh), and ensureStack() to start it once per process.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const repoDir = fileURLToPath(new URL('../../', import.meta.url));
/** The script that installs, starts and stops the stack. */
export const stackScript = path.join(repoDir, 'scripts', 'stack.sh');

/** Every service of the stack listens on this loopback address only. */
export const stackHost = '127.0.0.1';

function readStackEnv(): Record<string, string> {
  const text = readFileSync(path.join(repoDir, 'scripts', 'stack.env'), 'utf8');
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) values[match[1]] = match[2].trim();
  }
  return values;
}

function port(values: Record<string, string>, name: string): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`scripts/stack.env: ${name} is not a port`);
  return value;
}

const env = readStackEnv();

/** Loopback ports from scripts/stack.env. */
export const stackPorts = {
  redis: port(env, 'STACK_REDIS_PORT'),
  imap: port(env, 'STACK_IMAP_PORT'),
  dav: port(env, 'STACK_DAV_PORT'),
  smtp: port(env, 'STACK_SMTP_PORT'),
  lmtp: port(env, 'STACK_LMTP_PORT'),
  gateway: port(env, 'STACK_GATEWAY_PORT'),
} as const;

const urls = {
  imap: `imap://${stackHost}:${stackPorts.imap}`,
  dav: `http://${stackHost}:${stackPorts.dav}/`,
  smtp: `smtp://${stackHost}:${stackPorts.smtp}`,
  redis: `redis://${stackHost}:${stackPorts.redis}`,
} as const;

/** The URLs `stack.sh env` exports as SYNCML_IMAP_URL, SYNCML_DAV_URL, SYNCML_SMTP_URL, SYNCML_REDIS_URL. */
export function stackUrls(): typeof urls {
  return urls;
}

/** The same variables as `eval "$(bash scripts/stack.sh env)"`, for a gateway started by a test. */
export function stackEnv(): Record<string, string> {
  return {
    SYNCML_IMAP_URL: urls.imap,
    SYNCML_DAV_URL: urls.dav,
    SYNCML_SMTP_URL: urls.smtp,
    SYNCML_REDIS_URL: urls.redis,
  };
}

/** A mail + DAV account of the stack (same user name and password in Dovecot and Radicale). */
export interface StackAccount {
  readonly user: string;
  readonly password: string;
}

/** The accounts scripts/lib/accounts.sh creates. */
export const accounts = {
  alice: { user: 'alice@example.com', password: 'alice-secret' },
  bob: { user: 'bob@example.com', password: 'bob-secret' },
  carol: { user: 'carol@example.org', password: 'carol-secret' },
  demo: { user: 'demo@example.com', password: 'demo-secret' },
  erin: { user: 'erin@example.com', password: 'erin-secret' },
  frank: { user: 'frank@example.com', password: 'frank-secret' },
  grace: { user: 'grace@example.net', password: 'grace-secret' },
} as const satisfies Record<string, StackAccount>;

/** All accounts, in the order of scripts/lib/accounts.sh. */
export const stackAccounts: readonly StackAccount[] = [
  accounts.alice,
  accounts.bob,
  accounts.carol,
  accounts.demo,
  accounts.erin,
  accounts.frank,
  accounts.grace,
];

/** Collections every account has in Radicale: `/<user>/<name>/`. */
export const stackCollections = {
  contacts: { kind: 'addressbook', displayName: 'Contacts' },
  calendar: { kind: 'VEVENT', displayName: 'Calendar' },
  tasks: { kind: 'VTODO', displayName: 'Tasks' },
  notes: { kind: 'VJOURNAL', displayName: 'Notes' },
  journal: { kind: 'VJOURNAL', displayName: 'Journal' },
} as const;

export type StackCollectionName = keyof typeof stackCollections;

/** Subcommands of scripts/stack.sh. */
export type StackCommand = 'install' | 'start' | 'stop' | 'status' | 'env' | 'reset' | 'preload-path';

/**
 * Runs `bash scripts/stack.sh <command>` and resolves with its stdout. Rejects with the
 * script's stderr (which carries the failing service's log tail) when it exits non-zero.
 */
export function runStackCommand(command: StackCommand, timeoutMs = 600_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [stackScript, command],
      { cwd: repoDir, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`stack.sh ${command} failed (${error.message.split('\n')[0]})\n${stderr}`));
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

let started: Promise<void> | undefined;

/**
 * Starts the stack (idempotent: a running stack is left as it is) at most once per process;
 * call it from `before()` in integration tests.
 */
export function ensureStack(): Promise<void> {
  started ??= runStackCommand('start').then(() => undefined);
  return started;
}
