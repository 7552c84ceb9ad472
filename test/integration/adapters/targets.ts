// Where the adapter integration tests find their servers: SYNCML_TEST_* variables, defaulting
// to the stack of scripts/stack.sh (ports in scripts/stack.env). The stack is started through
// test/support/stack.ts (ensureStack) when that exists and no target was overridden.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const targets = {
  davUrl: process.env.SYNCML_TEST_DAV_URL ?? 'http://127.0.0.1:15232/',
  imapUrl: process.env.SYNCML_TEST_IMAP_URL ?? 'imap://127.0.0.1:14143',
  redisUrl: process.env.SYNCML_TEST_REDIS_URL ?? 'redis://127.0.0.1:16379',
};

export const users = {
  alice: { user: 'alice@example.com', password: 'alice-secret' },
  bob: { user: 'bob@example.com', password: 'bob-secret' },
  carol: { user: 'carol@example.org', password: 'carol-secret' },
};

const overridden = ['SYNCML_TEST_DAV_URL', 'SYNCML_TEST_IMAP_URL', 'SYNCML_TEST_REDIS_URL'].some((name) => process.env[name]);

/** Starts the stack when the tests use its default targets and test/support/stack.ts offers ensureStack(). */
export async function ensureServers(): Promise<void> {
  if (overridden) return;
  const support = fileURLToPath(new URL('../../support/stack.ts', import.meta.url));
  if (!existsSync(support)) return;
  const module = (await import(pathToFileURL(support).href)) as { ensureStack?: () => Promise<unknown> };
  if (typeof module.ensureStack === 'function') await module.ensureStack();
}
