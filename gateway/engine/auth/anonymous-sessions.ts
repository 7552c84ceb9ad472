// Bounds the sessions nobody has authenticated in yet (issue 6, "session count bounded"), in
// total and per client address. The live ones are kept as slots in the shared state store, so
// every gateway instance sharing it counts the same sessions; authenticated sessions never
// take a slot, so a flood of anonymous messages can neither push them out nor keep them away.
import type { Clock } from '../../ports/clock.ts';
import type { StateStore } from '../../ports/state-store.ts';

export interface AnonymousSessionLimits {
  /** Live sessions without authentication, all clients together; 0: no limit. */
  total: number;
  /** Live sessions without authentication from one client address; 0: no limit. */
  perAddress: number;
}

export const noAnonymousSessionLimits: AnonymousSessionLimits = { total: 0, perAddress: 0 };

/** Session id -> when its slot lapses (ms since the epoch), as the session state itself would. */
type Slots = Record<string, number>;

const totalKey = 'anonymous-sessions';
const addressKey = (address: string): string => `anonymous-sessions:${address}`;

/**
 * Within one process the slots are updated one request at a time. Between instances they are
 * read and written without a lock: requests admitted at the very same moment on two instances
 * may both take the last slot, so the bound can be passed by the number of such requests.
 */
export class AnonymousSessions {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: StateStore,
    private readonly clock: Clock,
    private readonly limits: AnonymousSessionLimits,
    private readonly ttlMs: number,
  ) {}

  get bounded(): boolean {
    return this.limits.total > 0 || this.limits.perAddress > 0;
  }

  /** Takes a slot for a new session; returns the limit it is over instead, if any. */
  admit(sessionId: string, address: string | undefined): Promise<'total' | 'address' | undefined> {
    return this.serial(async () => {
      const now = this.clock.now().getTime();
      const scopes = this.scopes(address);
      const slots = await Promise.all(scopes.map(([key]) => this.live(key, now)));
      for (const [i, [, limit, scope]] of scopes.entries()) if (Object.keys(slots[i]!).length >= limit) return scope;
      for (const [i, [key]] of scopes.entries()) {
        slots[i]![sessionId] = now + this.ttlMs;
        await this.state.set(key, slots[i], this.ttlMs);
      }
      return undefined;
    });
  }

  /** Gives the slot back (the session authenticated, or ended). */
  release(sessionId: string, address: string | undefined): Promise<void> {
    return this.serial(async () => {
      const now = this.clock.now().getTime();
      for (const [key] of this.scopes(address)) {
        const slots = await this.live(key, now);
        if (!(sessionId in slots)) continue;
        delete slots[sessionId];
        await this.state.set(key, slots, this.ttlMs);
      }
    });
  }

  private scopes(address: string | undefined): Array<[string, number, 'total' | 'address']> {
    const scopes: Array<[string, number, 'total' | 'address']> = [];
    if (this.limits.total > 0) scopes.push([totalKey, this.limits.total, 'total']);
    if (this.limits.perAddress > 0 && address !== undefined) scopes.push([addressKey(address), this.limits.perAddress, 'address']);
    return scopes;
  }

  /** The slots of `key` that have not lapsed. */
  private async live(key: string, now: number): Promise<Slots> {
    const slots = (await this.state.get<Slots>(key)) ?? {};
    for (const [id, until] of Object.entries(slots)) if (until <= now) delete slots[id];
    return slots;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
