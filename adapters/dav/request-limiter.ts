// At most so many requests in flight to one DAV server (origin) at a time; the rest wait in a
// FIFO queue. A server with a connection limit (Radicale's max_connections) otherwise leaves the
// excess in its accept backlog, where they time out under load.

export interface RequestLimiterOptions {
  /** Requests in flight per origin. Default 16. */
  maxPerOrigin?: number;
}

/** Gives back the slot; calling it twice is harmless. */
export type Release = () => void;

interface OriginQueue {
  active: number;
  waiting: Array<() => void>;
}

/** One limiter is shared by every DAV client of a process, so the limit holds for all users together. */
export class RequestLimiter {
  readonly maxPerOrigin: number;
  readonly #origins = new Map<string, OriginQueue>();

  constructor(options: RequestLimiterOptions = {}) {
    this.maxPerOrigin = Math.max(1, options.maxPerOrigin ?? 16);
  }

  /** Waits for a slot of `url`'s origin, in the order the calls came. */
  acquire(url: string): Promise<Release> {
    const origin = new URL(url).origin;
    let queue = this.#origins.get(origin);
    if (queue === undefined) {
      queue = { active: 0, waiting: [] };
      this.#origins.set(origin, queue);
    }
    const q = queue;
    const release = (): Release => {
      let done = false;
      return () => {
        if (done) return;
        done = true;
        const next = q.waiting.shift();
        if (next !== undefined) next(); // the slot passes straight on: `active` stays
        else if (--q.active === 0) this.#origins.delete(origin);
      };
    };
    if (q.active < this.maxPerOrigin) {
      q.active++;
      return Promise.resolve(release());
    }
    return new Promise<Release>((resolve) => q.waiting.push(() => resolve(release())));
  }

  /** Requests in flight and waiting for `url`'s origin (tests, diagnostics). */
  load(url: string): { active: number; waiting: number } {
    const queue = this.#origins.get(new URL(url).origin);
    return { active: queue?.active ?? 0, waiting: queue?.waiting.length ?? 0 };
  }
}
