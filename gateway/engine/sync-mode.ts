// Which sync a store gets: from the client's alert code and whether the anchors agree.
// (The full decision table with URL-forced methods is SPEC item 6.)
import { AlertCode } from '../protocol/codes.ts';
import type { SyncMode } from './session-state.ts';

export const alertOfMode: Record<SyncMode, number> = {
  'two-way': AlertCode.twoWay,
  slow: AlertCode.slow,
  'one-way-from-client': AlertCode.oneWayFromClient,
  'refresh-from-client': AlertCode.refreshFromClient,
  'one-way-from-server': AlertCode.oneWayFromServer,
  'refresh-from-server': AlertCode.refreshFromServer,
};

const modeOfAlert = new Map<number, SyncMode>([
  [AlertCode.twoWay, 'two-way'],
  [AlertCode.slow, 'slow'],
  [AlertCode.oneWayFromClient, 'one-way-from-client'],
  [AlertCode.refreshFromClient, 'refresh-from-client'],
  [AlertCode.oneWayFromServer, 'one-way-from-server'],
  [AlertCode.refreshFromServer, 'refresh-from-server'],
]);

export function isSyncAlert(code: number): boolean {
  return modeOfAlert.has(code);
}

export interface ModeDecision {
  mode: SyncMode;
  /** Set when the mode is not the one asked for. */
  reason?: string;
}

/**
 * Incremental modes need the client's Last anchor to equal the Next we stored at the end
 * of the last completed sync; otherwise the data may have drifted and a slow sync is forced.
 */
export function decideMode(alert: number, clientLast: string | undefined, storedAnchor: string | undefined): ModeDecision {
  const asked = modeOfAlert.get(alert);
  if (asked === undefined) throw new Error(`alert ${alert} is not a sync alert`);
  const incremental = asked === 'two-way' || asked === 'one-way-from-client' || asked === 'one-way-from-server';
  if (!incremental) return { mode: asked };
  if (storedAnchor === undefined) return { mode: 'slow', reason: 'slow sync forced: no previous sync of this device and store' };
  if (clientLast !== storedAnchor)
    return { mode: 'slow', reason: `slow sync forced: client Last anchor ${clientLast ?? '(none)'} != stored ${storedAnchor}` };
  return { mode: asked };
}

export function sendsToClient(mode: SyncMode): boolean {
  return mode === 'two-way' || mode === 'slow' || mode === 'one-way-from-server' || mode === 'refresh-from-server';
}

export function acceptsFromClient(mode: SyncMode): boolean {
  return mode !== 'one-way-from-server' && mode !== 'refresh-from-server';
}
