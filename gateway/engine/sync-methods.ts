// The nine sync methods of the product (SPEC items 4 and 6): which one a store gets, and
// how it is carried out over the alert codes the client supports.
import { AlertCode } from '../protocol/codes.ts';

/** 1 two-way, 2 slow, 3 one-way to server, 4 refresh server, 5 one-way to client,
 * 6 refresh client, 7 slow sync to server, 8 slow sync to client, 9 reset of the client. */
export type SyncMethod = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export const methodNames: Record<SyncMethod, string> = {
  1: 'two-way',
  2: 'slow',
  3: 'one-way from client',
  4: 'refresh from client',
  5: 'one-way from server',
  6: 'refresh from server',
  7: 'slow sync to the server',
  8: 'slow sync to the client',
  9: 'reset of the client',
};

/** The method a client alert asks for (server-alerted codes 206-210 count as 200-205... by meaning). */
export function methodOfAlert(code: number): SyncMethod | undefined {
  const table: Record<number, SyncMethod> = {
    200: 1, 201: 2, 202: 3, 203: 4, 204: 5, 205: 6,
    206: 1, 207: 3, 208: 4, 209: 5, 210: 6,
  };
  return table[code];
}

export function isSyncMethod(n: number): n is SyncMethod {
  return Number.isInteger(n) && n >= 1 && n <= 9;
}

export interface MethodDecision {
  method: SyncMethod;
  /** Whether the anchors were compared (and so whether a mismatch can have changed the method). */
  anchorsChecked: boolean;
  /** Why, for the session log. */
  reason: string;
}

/**
 * The decision table of SPEC item 6, exactly:
 * client 1 + URL none/1: anchors ? 1 : 2; URL 3: 3 : 7; URL 5: 5 : 8; URL 2,4,6,7,8,9: the URL's;
 * client 3: anchors ? 3 : 7; client 5: anchors ? 5 : 8; client 2, 4, 6: the client's.
 */
export function decideMethod(client: SyncMethod, url: SyncMethod | undefined, anchorsEqual: boolean, anchorNote: string): MethodDecision {
  const checked = (ok: SyncMethod, forced: SyncMethod, what: string): MethodDecision =>
    anchorsEqual
      ? { method: ok, anchorsChecked: true, reason: `${what}; anchors agree` }
      : { method: forced, anchorsChecked: true, reason: `${methodNames[forced]} forced: ${anchorNote}` };
  if (client === 1) {
    if (url === undefined || url === 1) return checked(1, 2, 'client asked two-way');
    if (url === 3) return checked(3, 7, 'URL asked one-way from client');
    if (url === 5) return checked(5, 8, 'URL asked one-way from server');
    return { method: url, anchorsChecked: false, reason: `URL asked ${methodNames[url]}` };
  }
  if (client === 3) return checked(3, 7, 'client asked one-way from client');
  if (client === 5) return checked(5, 8, 'client asked one-way from server');
  return { method: client, anchorsChecked: false, reason: `client asked ${methodNames[client]}` };
}

/** What the engine does with the client's items in a method. */
export type ClientItems =
  | 'apply-changes' // incremental changes go to the server
  | 'apply-all' // everything the client has, matched against the server's items
  | 'apply-all-fresh' // everything the client has, created anew (the server was erased)
  | 'ignore' // accepted, not applied
  | 'refresh-client' // the server's version replaces each item; items the server lacks are deleted
  | 'delete-on-client'; // every item the client names is deleted on the client

/** What the client gets from the server in a method. */
export type ServerItems = 'none' | 'changes' | 'unmatched' | 'all';

export interface MethodPlan {
  method: SyncMethod;
  /** The alert code we answer with: the method itself when the client supports it, else 200/201. */
  alert: number;
  clientItems: ClientItems;
  serverItems: ServerItems;
  /** Server items the client did not send are deleted (refresh of the server). */
  deleteUnmatchedOnServer: boolean;
  /** Every server item is deleted before the client's are stored (method 7). */
  eraseServer: boolean;
  /** Advance the backend change token at the end (not when server changes were held back). */
  advanceToken: boolean;
  /** The client sends (or holds) all its items: a slow-sync-like exchange. */
  full: boolean;
}

/**
 * Plans a method over what the client can do. `supports(alert)` says whether the client
 * announced that sync type (DevInf SyncCap); without DevInf only 200/201 and what it asked are assumed.
 */
export function planMethod(method: SyncMethod, supports: (alert: number) => boolean): MethodPlan {
  const plan = (alert: number, clientItems: ClientItems, serverItems: ServerItems, extra: Partial<MethodPlan> = {}): MethodPlan => ({
    method,
    alert,
    clientItems,
    serverItems,
    deleteUnmatchedOnServer: false,
    eraseServer: false,
    advanceToken: true,
    full: alert !== AlertCode.twoWay && alert !== AlertCode.oneWayFromClient && alert !== AlertCode.oneWayFromServer,
    ...extra,
  });
  switch (method) {
    case 1:
      return plan(AlertCode.twoWay, 'apply-changes', 'changes');
    case 2:
      return plan(AlertCode.slow, 'apply-all', 'unmatched');
    case 3:
      // The server's own changes are held back: the token stays, so they come with the next sync.
      return supports(AlertCode.oneWayFromClient)
        ? plan(AlertCode.oneWayFromClient, 'apply-changes', 'none', { advanceToken: false })
        : plan(AlertCode.twoWay, 'apply-changes', 'none', { advanceToken: false });
    case 4:
      return supports(AlertCode.refreshFromClient)
        ? plan(AlertCode.refreshFromClient, 'apply-all', 'none', { deleteUnmatchedOnServer: true })
        : plan(AlertCode.slow, 'apply-all', 'none', { deleteUnmatchedOnServer: true });
    case 5:
      return supports(AlertCode.oneWayFromServer)
        ? plan(AlertCode.oneWayFromServer, 'ignore', 'changes')
        : plan(AlertCode.twoWay, 'ignore', 'changes');
    case 6:
      // A client that knows 205 empties itself; over a slow sync the server does it item by item.
      return supports(AlertCode.refreshFromServer)
        ? plan(AlertCode.refreshFromServer, 'refresh-client', 'all')
        : plan(AlertCode.slow, 'refresh-client', 'unmatched');
    case 7:
      return supports(AlertCode.refreshFromClient)
        ? plan(AlertCode.refreshFromClient, 'apply-all-fresh', 'none', { eraseServer: true })
        : plan(AlertCode.slow, 'apply-all-fresh', 'none', { eraseServer: true });
    case 8:
      return supports(AlertCode.refreshFromServer)
        ? plan(AlertCode.refreshFromServer, 'delete-on-client', 'all')
        : plan(AlertCode.slow, 'delete-on-client', 'all');
    case 9:
      return supports(AlertCode.refreshFromServer)
        ? plan(AlertCode.refreshFromServer, 'delete-on-client', 'none')
        : plan(AlertCode.slow, 'delete-on-client', 'none');
  }
}
