// What the security tests and their gateway worker (gateway-worker.ts) say to each other, and
// the two accounts every hostile case runs with.

/** Requests to the worker: `reset` (fresh engine and stores) and `snapshot` (stores and log). */
export type WorkerRequest = { id: number; type: 'reset' | 'snapshot' };

/** What each store holds (id -> etag) and how often it was called, by `user/kind`. */
export type StoreSnapshot = Record<string, { items: string; calls: string }>;

export interface Snapshot {
  stores: StoreSnapshot;
  /** Levels of every line logged so far (HTTP layer; the harness' engine logs nothing). */
  logLevels: string[];
}

/** The user the hostile messages authenticate as. */
export const ALICE = 'alice@example.com';
/** The other user, whose store no case may touch. */
export const BOB = 'bob@example.com';
/** In bob's only item: must never appear in a reply to alice or to an anonymous client. */
export const BOB_SECRET = 'Bob Secret';
