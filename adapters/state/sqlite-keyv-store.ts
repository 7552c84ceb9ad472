// A keyv 5 store adapter over better-sqlite3: the embedded, persistent state store.
// Written here because @keyv/sqlite depends on the `sqlite3` native package, which downloads
// prebuilt binaries at install time (or needs a compiler); better-sqlite3 is already installed
// and its API is synchronous, so each call is one statement without callbacks.
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import type { Counters } from './counters.ts';

export interface SqliteKeyvStoreOptions {
  /** Directory holding state.sqlite; created when missing. */
  directory: string;
  /** Clock for expiry, in ms (tests). */
  now?: () => number;
  /** How often expired rows are deleted, at the latest. Default 60 s. */
  purgeIntervalMs?: number;
}

interface Row {
  key: string;
  value: string;
  expires: number | null;
}

/** Keys per IN (...) list, below SQLite's bound-parameter limit. */
const chunkSize = 500;

export class SqliteKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  opts: { dialect: 'sqlite'; url: string };
  namespace?: string | undefined;
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #purgeIntervalMs: number;
  #lastPurge = 0;
  readonly #statements;

  constructor(options: SqliteKeyvStoreOptions) {
    super();
    mkdirSync(options.directory, { recursive: true });
    const file = join(options.directory, 'state.sqlite');
    this.opts = { dialect: 'sqlite', url: file };
    this.#now = options.now ?? Date.now;
    this.#purgeIntervalMs = options.purgeIntervalMs ?? 60_000;
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec('CREATE TABLE IF NOT EXISTS keyv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER)');
    this.#db.exec('CREATE INDEX IF NOT EXISTS keyv_expires ON keyv (expires) WHERE expires IS NOT NULL');
    this.#db.exec('CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires INTEGER NOT NULL)');
    this.#statements = {
      get: this.#db.prepare<[string], Row>('SELECT key, value, expires FROM keyv WHERE key = ?'),
      set: this.#db.prepare<[string, string, number | null]>(
        'INSERT INTO keyv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires',
      ),
      delete: this.#db.prepare<[string]>('DELETE FROM keyv WHERE key = ?'),
      clearAll: this.#db.prepare('DELETE FROM keyv'),
      clearPrefix: this.#db.prepare<[string]>("DELETE FROM keyv WHERE key LIKE ? ESCAPE '\\'"),
      purge: this.#db.prepare<[number]>('DELETE FROM keyv WHERE expires IS NOT NULL AND expires <= ?'),
      counter: this.#db.prepare<[string, number], { count: number }>('SELECT count FROM counters WHERE key = ? AND expires > ?'),
      bump: this.#db.prepare<[{ key: string; now: number; ttl: number; by: number }], { count: number }>(
        // A live counter moves by @by; a missing or expired one starts again from 0 with a new end.
        'INSERT INTO counters (key, count, expires) VALUES (@key, @by, @now + @ttl) ON CONFLICT (key) DO UPDATE SET ' +
          'count = CASE WHEN counters.expires > @now THEN counters.count + @by ELSE @by END, ' +
          'expires = CASE WHEN counters.expires > @now THEN counters.expires ELSE @now + @ttl END RETURNING count',
      ),
      clearCounter: this.#db.prepare<[string]>('DELETE FROM counters WHERE key = ?'),
      purgeCounters: this.#db.prepare<[number]>('DELETE FROM counters WHERE expires <= ?'),
    };
    this.#purge();
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const row = this.#statements.get.get(key);
    return row && this.#live(row) ? (row.value as StoredData<Value>) : undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    const found = new Map<string, string>();
    for (let start = 0; start < keys.length; start += chunkSize) {
      const chunk = keys.slice(start, start + chunkSize);
      const rows = this.#db
        .prepare<string[], Row>(`SELECT key, value, expires FROM keyv WHERE key IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk);
      for (const row of rows) if (this.#live(row)) found.set(row.key, row.value);
    }
    return keys.map((key) => found.get(key) as StoredData<Value | undefined>);
  }

  async has(key: string): Promise<boolean> {
    const row = this.#statements.get.get(key);
    return row !== undefined && this.#live(row);
  }

  /** `ttl` in ms; none (or 0) keeps the value until it is deleted. */
  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const expires = typeof ttl === 'number' && ttl > 0 ? this.#now() + ttl : null;
    this.#statements.set.run(key, text, expires);
    if (this.#now() - this.#lastPurge >= this.#purgeIntervalMs) this.#purge();
    return true;
  }

  async delete(key: string): Promise<boolean> {
    return this.#statements.delete.run(key).changes > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    let deleted = 0;
    const run = this.#db.transaction((all: string[]) => {
      for (const key of all) deleted += this.#statements.delete.run(key).changes;
    });
    run(keys);
    return deleted > 0;
  }

  /** Deletes this namespace's keys (Keyv prefixes them with "<namespace>:"), or all without one. */
  async clear(): Promise<void> {
    if (this.namespace) this.#statements.clearPrefix.run(`${this.namespace.replace(/[\\%_]/g, '\\$&')}:%`);
    else this.#statements.clearAll.run();
  }

  /** Counters (adapters/state/counters.ts): one statement each, atomic in SQLite itself. */
  readonly counters: Counters = {
    increment: async (key: string, ttlMs: number, by = 1): Promise<number> => this.#statements.bump.get({ key, now: this.#now(), ttl: Math.max(1, Math.ceil(ttlMs)), by })!.count,
    count: async (key: string): Promise<number> => this.#statements.counter.get(key, this.#now())?.count ?? 0,
    clear: async (key: string): Promise<void> => {
      this.#statements.clearCounter.run(key);
    },
  };

  async disconnect(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  #live(row: Row): boolean {
    return row.expires === null || row.expires > this.#now();
  }

  #purge(): void {
    this.#lastPurge = this.#now();
    this.#statements.purge.run(this.#lastPurge);
    this.#statements.purgeCounters.run(this.#lastPurge);
  }
}
