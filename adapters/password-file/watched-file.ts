// A small file read at start and again whenever it changes (checked at most every few seconds),
// so administrators can edit password and login files without restarting the gateway.
import { readFileSync, statSync } from 'node:fs';

export interface WatchedFileOptions {
  /** How often the file's modification is checked; default 5 s. */
  recheckMs?: number;
  now?: () => number;
}

export class WatchedFile<T> {
  #value: T;
  #stamp: string;
  #checkedAt: number;
  #failed = false;

  /** Reads and parses the file now: throws when it cannot be read (a start-up error). */
  constructor(
    readonly path: string,
    private readonly parse: (text: string) => T,
    private readonly options: WatchedFileOptions = {},
  ) {
    this.#stamp = this.#stampNow();
    this.#value = parse(readFileSync(path, 'utf8'));
    this.#checkedAt = this.#now();
  }

  /** The parsed content; after a failed re-read, the last good one (and `failed` is true). */
  get value(): T {
    const now = this.#now();
    if (now - this.#checkedAt >= (this.options.recheckMs ?? 5000)) {
      this.#checkedAt = now;
      try {
        const stamp = this.#stampNow();
        if (stamp !== this.#stamp) {
          this.#value = this.parse(readFileSync(this.path, 'utf8'));
          this.#stamp = stamp;
        }
        this.#failed = false;
      } catch {
        this.#failed = true;
      }
    }
    return this.#value;
  }

  /** Whether the last attempt to re-read the file failed. */
  get failed(): boolean {
    return this.#failed;
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }

  #stampNow(): string {
    const stat = statSync(this.path);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  }
}
