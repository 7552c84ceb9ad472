// Security settings of the test stack for the auth integration tests: the Dovecot master user
// (scripts/lib/dovecot.sh), password files, a pino logger writing to a buffer, and a check that
// no secret reached that buffer.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from '../../gateway/ports/logger.ts';

/** The master login scripts/lib/dovecot.sh gives Dovecot (`user*syncml-master`). */
export const dovecotMaster = { user: 'syncml-master', password: 'syncml-master-secret', separator: '*' } as const;

/** Writes `lines` to a new file in a fresh temporary directory and returns its path. */
export function tempFile(name: string, lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'syncml-auth-')), name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** A pino logger (what the gateway uses in production) at debug level, writing into `text()`. */
export function bufferLogger(): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), text: () => chunks.join('') };
}

/** Every form of a user's secret that must never be logged. */
export function secretForms(user: string, password: string): string[] {
  return [
    password,
    Buffer.from(`${user}:${password}`).toString('base64'),
    createHash('md5').update(`${user}:${password}`).digest('base64'),
  ];
}

/** The Cred Data values SyncEvolution sent, read from its raw message dumps (loglevel 5) under `dir`. */
export function credentialsSent(dir: string): string[] {
  const found = new Set<string>();
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const file = join(path, name);
      if (statSync(file).isDirectory()) walk(file);
      else for (const m of readFileSync(file, 'latin1').matchAll(/<Cred>.*?<Data>([^<]+)<\/Data>/gs)) found.add(m[1] ?? '');
    }
  };
  walk(dir);
  return [...found].filter((d) => d.length > 0);
}
