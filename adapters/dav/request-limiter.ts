// At most so many requests in flight to one DAV server (origin) at a time; the rest wait in a
// FIFO queue. A server with a connection limit (Radicale's max_connections) otherwise leaves the
// excess in its accept backlog, where they time out under load.

export interface RequestLimiterOptions {
  /** Requests in flight per origin. Default 16. */
  maxPerOrigin?: number;
  /**
   * Longest wait for a slot; a request still waiting then is refused with QueueTimeout (the
   * client's own HTTP request would have given up by then anyway). Default 120 s.
   */
  maxWaitMs?: number;
}

/** A request waited longer than `maxWaitMs` for a slot of its server. */
export class QueueTimeout extends Error {
  constructor(origin: string, waitedMs: number) {
    super(`no free connection to ${origin} after ${Math.round(waitedMs / 1000)} s in the queue`);
    this.name = 'QueueTimeout';
  }
}

/** Gives back the slot; calling it twice is harmless. */
export type Release = () => void;

interface OriginQueue {
  active: number;
  /** Hands the slot over; false when that waiter has given up (the slot goes on to the next). */
  waiting: Array<() => boolean>;
}

/** One limiter is shared by every DAV client of a process, so the limit holds for all users together. */
export class RequestLimiter {
  readonly maxPerOrigin: number;
  readonly maxWaitMs: number;
  readonly #origins = new Map<string, OriginQueue>();

  constructor(options: RequestLimiterOptions = {}) {
    this.maxPerOrigin = Math.max(1, options.maxPerOrigin ?? 16);
    this.maxWaitMs = Math.max(1, options.maxWaitMs ?? 120_000);
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
        // The slot passes straight on to the first waiter still waiting: `active` stays.
        for (let next = q.waiting.shift(); next !== undefined; next = q.waiting.shift()) if (next()) return;
        if (--q.active === 0) this.#origins.delete(origin);
      };
    };
    if (q.active < this.maxPerOrigin) {
      q.active++;
      return Promise.resolve(release());
    }
    return new Promise<Release>((resolve, reject) => {
      let waiting = true;
      const started = Date.now();
      const take = (): boolean => {
        if (!waiting) return false;
        waiting = false;
        clearTimeout(timer);
        resolve(release());
        return true;
      };
      const timer = setTimeout(() => {
        waiting = false;
        q.waiting.splice(q.waiting.indexOf(take), 1);
        reject(new QueueTimeout(origin, Date.now() - started));
      }, this.maxWaitMs);
      timer.unref?.();
      q.waiting.push(take);
    });
  }

  /** Requests in flight and waiting for `url`'s origin (tests, diagnostics). */
  load(url: string): { active: number; waiting: number } {
    const queue = this.#origins.get(new URL(url).origin);
    return { active: queue?.active ?? 0, waiting: queue?.waiting.length ?? 0 };
  }
}
