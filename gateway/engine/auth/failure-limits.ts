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
 * Fixed windows of `windowMs` on the gateway's clock: a counter of failures per scope, name and
 * window in the shared store, raised atomically, so all gateway instances count together. The
 * checks of one account run one at a time in a process (a later attempt waits for the verdict
 * of the one before), so parallel guesses at an account cannot all slip under its limit while
 * their checks run; many phones behind one carrier NAT, logging in to different accounts, still
 * go in parallel. A counter outlives its window by one window, then expires.
 */
export class FailureCounters {
  readonly #turns = new Map<string, Promise<void>>();

  constructor(
    private readonly state: StateStore,
    private readonly clock: Clock,
    private readonly limits: FailureLimits,
  ) {}

  /**
   * Waits for the account's turn, then reads its counts: `blocked` names a limit the attempt is
   * over (no check then, and the turn is already given back); otherwise settle the attempt with
   * `failed`, `succeeded` or `undecided`, which gives the turn to the next attempt.
   */
  async attempt(user: string, address: string | undefined): Promise<LoginAttempt> {
    const scopes = this.scopes(user, address);
    const done = scopes.length === 0 ? () => {} : await this.#turn(user.toLowerCase());
    try {
      const window = Math.floor(this.clock.now().getTime() / Math.max(1, this.limits.windowMs));
      const counted: Counted[] = [];
      let blocked: Scope | undefined;
      for (const [scope, name, limit] of scopes) {
        const key = `auth-failures:${scope}:${scope === 'account' ? name.toLowerCase() : name}:${window}`;
        counted.push({ scope, name, limit, key });
        if ((await this.state.count(key)) >= limit) blocked ??= scope;
      }
      if (blocked !== undefined) done();
      return new LoginAttempt(this.state, this.clock, this.limits, counted, (window + 1) * this.limits.windowMs, blocked, done);
    } catch (error) {
      done();
      throw error;
    }
  }

  /** Resolves when the attempts of `account` before this one are settled; returns the release. */
  async #turn(account: string): Promise<() => void> {
    const before = this.#turns.get(account) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const queue = before.then(() => mine);
    this.#turns.set(account, queue);
    await before;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      if (this.#turns.get(account) === queue) this.#turns.delete(account);
    };
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
}

/** One login attempt in its account's turn, settled once its check is decided. */
export class LoginAttempt {
  constructor(
    private readonly state: StateStore,
    private readonly clock: Clock,
    private readonly limits: FailureLimits,
    private readonly counted: readonly Counted[],
    private readonly windowEnd: number,
    /** The limit this attempt is over: refuse it without checking the password. */
    readonly blocked: Scope | undefined,
    private readonly done: () => void,
  ) {}

  /** A wrong password: counted in every scope; logged once, by the failure that reaches a limit. */
  async failed(log: Logger): Promise<void> {
    try {
      for (const c of this.counted) {
        const count = await this.state.increment(c.key, 2 * this.limits.windowMs);
        if (count !== c.limit) continue;
        const lockedFor = Math.ceil((this.windowEnd - this.clock.now().getTime()) / 1000);
        log.warn({ [c.scope === 'account' ? 'user' : 'address']: c.name, failures: count, lockedForSeconds: lockedFor }, `too many failed logins for this ${c.scope}: further attempts are refused without a check`);
      }
    } finally {
      this.done();
    }
  }

  /** The right password: the account's count is cleared (not the address's: one good account must not reset it). */
  async succeeded(): Promise<void> {
    try {
      for (const c of this.counted) if (c.scope === 'account') await this.state.clearCount(c.key);
    } finally {
      this.done();
    }
  }

  /** Not decided (backend away, stale MD5 nonce): nothing counted. */
  async undecided(): Promise<void> {
    this.done();
  }
}
