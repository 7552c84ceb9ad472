// Checks shared by the SyncEvolution integration tests: a sync succeeded, in which mode, and
// what it changed on either side.
import assert from 'node:assert/strict';
import type { SyncResult } from './syncevolution.ts';

/** The sync exited 0; the failure message carries SyncEvolution's own report. */
export function ok(result: SyncResult): SyncResult {
  assert.equal(result.exitCode, 0, `sync failed (status ${result.status}, ${result.error ?? ''}):\n${result.stdout.slice(-3000)}`);
  return result;
}

/** The sync succeeded with status 200 and the store (default contacts) ran in `mode`. */
export function assertSynced(result: SyncResult, mode: string, store = 'contacts'): void {
  ok(result);
  assert.equal(result.status, 200);
  assert.equal(result.stats[store]?.mode, mode, `mode of ${store}: ${JSON.stringify(result.stats[store]?.raw)}`);
}

/** The contacts store's changes as one comparable line. */
export function counts(result: SyncResult): string {
  const s = result.stats.contacts;
  if (s === undefined) return 'none';
  return `local +${s.local.added} ~${s.local.updated} -${s.local.removed} remote +${s.remote.added} ~${s.remote.updated} -${s.remote.removed}`;
}
