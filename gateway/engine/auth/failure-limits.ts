// Brute-force limits: failed logins counted per account and per client address in the shared
// state store (so every gateway instance sees the same counts), over a fixed window.
import type { Clock } from '../../ports/clock.ts';
import type { Logger } from '../../ports/logger.ts';
import type { StateStore } from '../../ports/state-store.ts';

export interface FailureLimits {
  /** Failed logins of one account within the window before it is locked; 0: no limit. */
  perAccount: number;
  /** Failed logins from one client address within the window; 0: no limit. */
  perAddress: number;
  windowMs: number;
}

export const noFailureLimits: FailureLimits = { perAccount: 0, perAddress: 0, windowMs: 0 };

interface Counter {
  count: number;
  /** Start of the window, ms since the epoch. */
  since: number;
}

type Scope = 'account' | 'address';

const key = (scope: Scope, name: string): string => `auth-failures:${scope}:${scope === 'account' ? name.toLowerCase() : name}`;

/**
 * The counts are read and written without a lock: two instances failing at the same moment
 * may count one failure too few, which a limit can afford.
 */
export class FailureCounters {
  constructor(
    private readonly state: StateStore,
    private readonly clock: Clock,
    private readonly limits: FailureLimits,
  ) {}

  /** Which limit the next attempt is over, if any (the password is then not checked). */
  async blocked(user: string, address: string | undefined): Promise<Scope | undefined> {
    for (const [scope, name, limit] of this.scopes(user, address)) {
      const counter = await this.current(scope, name);
      if (counter !== undefined && counter.count >= limit) return scope;
    }
    return undefined;
  }

  /** Counts a failed login; logs once, when a limit is reached. */
  async failed(user: string, address: string | undefined, log: Logger): Promise<void> {
    const now = this.clock.now().getTime();
    for (const [scope, name, limit] of this.scopes(user, address)) {
      const counter = (await this.current(scope, name)) ?? { count: 0, since: now };
      counter.count++;
      await this.state.set(key(scope, name), counter, Math.max(1, counter.since + this.limits.windowMs - now));
      if (counter.count === limit) {
        const lockedFor = Math.ceil((counter.since + this.limits.windowMs - now) / 1000);
        log.warn({ [scope === 'account' ? 'user' : 'address']: name, failures: counter.count, lockedForSeconds: lockedFor }, `too many failed logins for this ${scope}: further attempts are refused without a check`);
      }
    }
  }

  /** A successful login clears the account's count (not the address's: one good account must not reset it). */
  async succeeded(user: string): Promise<void> {
    if (this.limits.perAccount > 0 && (await this.state.get(key('account', user))) !== undefined) await this.state.delete(key('account', user));
  }

  private scopes(user: string, address: string | undefined): Array<[Scope, string, number]> {
    const scopes: Array<[Scope, string, number]> = [];
    if (this.limits.perAccount > 0) scopes.push(['account', user, this.limits.perAccount]);
    if (this.limits.perAddress > 0 && address !== undefined && address.length > 0) scopes.push(['address', address, this.limits.perAddress]);
    return scopes;
  }

  private async current(scope: Scope, name: string): Promise<Counter | undefined> {
    const counter = await this.state.get<Counter>(key(scope, name));
    if (counter === undefined || this.clock.now().getTime() - counter.since >= this.limits.windowMs) return undefined;
    return counter;
  }
}
