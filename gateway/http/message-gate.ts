// At most so many SyncML messages decoded and in the engine at once; the others wait, first come
// first served, holding only their request bytes. Under many simultaneous devices the backend is
// the bottleneck (the DAV client bounds its requests too), so messages beyond this would only sit
// decoded in memory waiting for it, and each would finish later than if served in turn.

export class MessageGate {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Runs `work` when a place is free. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#active < this.#limit) this.#active++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve)); // the place is handed over
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next !== undefined) next();
      else this.#active--;
    }
  }
}
