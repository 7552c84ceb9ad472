// MD5 nonces, one per device, in the shared state store: a fresh one with every challenge and
// after every MD5 check, so a nonce is never accepted twice (a replayed Cred fails).
import { randomBytes } from 'node:crypto';
import type { StateStore } from '../../ports/state-store.ts';

/** NextNonce values as sent (base64 of the nonce bytes). */
export interface DeviceNonces {
  /** The nonce the device's next MD5 credentials must use. */
  current: string;
  /** The one before: a digest made with it is stale (or replayed), not a wrong password. */
  previous?: string;
}

const key = (deviceId: string): string => `auth-nonce:${deviceId}`;
/** After a successful login: a device may come back weeks later with the nonce of its last session. */
export const sessionNonceTtlMs = 90 * 24 * 3600 * 1000;

/**
 * Printable nonce bytes (base64url text): some clients keep the nonce as a C string, so it
 * must hold no NUL; SyncEvolution's server makes printable nonces too.
 */
export function newNonce(): string {
  return Buffer.from(randomBytes(12).toString('base64url'), 'ascii').toString('base64');
}

export class Nonces {
  constructor(
    private readonly state: StateStore,
    private readonly make: () => string = newNonce,
  ) {}

  get(deviceId: string): Promise<DeviceNonces | undefined> {
    return this.state.get<DeviceNonces>(key(deviceId));
  }

  /**
   * Replaces the device's nonce with a fresh one (the old one becomes `previous`) and returns it.
   * A challenge's nonce only has to last until the client retries: anyone can ask for one, so it
   * is kept `ttlMs` (a session's lifetime), not the weeks of a nonce given after a login.
   */
  async issue(deviceId: string, ttlMs: number, known?: DeviceNonces): Promise<string> {
    const old = known ?? (await this.get(deviceId));
    const next: DeviceNonces = { current: this.make() };
    if (old !== undefined) next.previous = old.current;
    await this.state.set(key(deviceId), next, ttlMs);
    return next.current;
  }
}
