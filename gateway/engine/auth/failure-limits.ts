// Brute-force limits: failed logins counted per account and per client address in the shared
// state store (so every gateway instance sees the same counts), over fixed windows.
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

type Scope = 'account' | 'address';

/**
 * Fixed windows of `windowMs` on the gateway's clock: a counter per scope, name and window in the
 * shared store. Every attempt is counted atomically *before* its password is checked, so parallel
 * guesses (from one attacker or through several gateway instances) cannot all slip under the
 * limit while the checks run; a login that succeeds, or was never decided, gives its count back.
 * A counter outlives its window by one window, then expires.
 */
export class FailureCounters {
  constructor(
    private readonly state: StateStore,
    private readonly clock: Clock,
    private readonly limits: FailureLimits,
  ) {}

  /** Counts an attempt of `user` from `address`; `blocked` names a limit it is over (no check then). */
  async attempt(user: string, address: string | undefined): Promise<LoginAttempt> {
    const window = Math.floor(this.clock.now().getTime() / Math.max(1, this.limits.windowMs));
    const counted: Counted[] = [];
    for (const [scope, name, limit] of this.scopes(user, address)) {
      const key = `auth-failures:${scope}:${scope === 'account' ? name.toLowerCase() : name}:${window}`;
      counted.push({ scope, name, limit, key, count: await this.state.increment(key, 2 * this.limits.windowMs) });
    }
    const over = counted.find((c) => c.count > c.limit);
    const windowEnd = (window + 1) * this.limits.windowMs;
    return new LoginAttempt(this.state, this.clock, this.limits, counted, windowEnd, over?.scope);
  }

  private scopes(user: string, address: string | undefined): Array<[Scope, string, number]> {
    const scopes: Array<[Scope, string, number]> = [];
    if (this.limits.perAccount > 0) scopes.push(['account', user, this.limits.perAccount]);
    if (this.limits.perAddress > 0 && address !== undefined && address.length > 0) scopes.push(['address', address, this.limits.perAddress]);
    return scopes;
  }
}

interface Counted {
  scope: Scope;
  name: string;
  limit: number;
  key: string;
  /** The count with this attempt in it. */
  count: number;
}

/** One counted login attempt, settled once its check is decided. */
export class LoginAttempt {
  constructor(
    private readonly state: StateStore,
    private readonly clock: Clock,
    private readonly limits: FailureLimits,
    private readonly counted: readonly Counted[],
    private readonly windowEnd: number,
    /** The limit this attempt is over: refuse it without checking the password. */
    readonly blocked: Scope | undefined,
  ) {}

  /** A wrong password: the count stays; logged once, by the attempt that reached a limit. */
  failed(log: Logger): void {
    for (const c of this.counted) {
      if (c.count !== c.limit) continue;
      const lockedFor = Math.ceil((this.windowEnd - this.clock.now().getTime()) / 1000);
      log.warn({ [c.scope === 'account' ? 'user' : 'address']: c.name, failures: c.count, lockedForSeconds: lockedFor }, `too many failed logins for this ${c.scope}: further attempts are refused without a check`);
    }
  }

  /**
   * The right password: the account's count is cleared; the address only gets this attempt back
   * (one good account must not reset an address trying many).
   */
  async succeeded(): Promise<void> {
    for (const c of this.counted) {
      if (c.scope === 'account') await this.state.clearCount(c.key);
      else await this.state.increment(c.key, 2 * this.limits.windowMs, -1);
    }
  }

  /** Not decided (backend away, stale MD5 nonce): the attempt does not count. */
  async undecided(): Promise<void> {
    for (const c of this.counted) await this.state.increment(c.key, 2 * this.limits.windowMs, -1);
  }
}
