// Alert: the client asks to sync a database (200-205) or for our next message (222).
import type { Alert, Item } from '../../protocol/model.ts';
import { AlertCode, StatusCode } from '../../protocol/codes.ts';
import { clientTypeFor, formatFor } from '../../convert/formats.ts';
import type { MessageContext } from '../context.ts';
import { deviceStateKey } from '../device-state.ts';
import { resolveStore } from '../store-names.ts';
import { alertOfMode, decideMode, isSyncAlert } from '../sync-mode.ts';
import type { StoreSession } from '../session-state.ts';
import { newAnchor } from '../anchors.ts';
import { deviceInfoKey } from '../device-info.ts';
import type { DevInf } from '../../protocol/devinf-model.ts';

export async function handleAlert(alert: Alert, ctx: MessageContext): Promise<void> {
  const code = alert.data ?? 0;
  if (code === AlertCode.nextMessage) {
    ctx.reply.status('Alert', alert.cmdID, StatusCode.ok);
    return;
  }
  if (!isSyncAlert(code)) {
    ctx.log.warn({ alert: code }, 'alert not supported');
    ctx.reply.status('Alert', alert.cmdID, StatusCode.optionalFeatureNotSupported);
    return;
  }
  for (const item of alert.items) await alertStore(alert, code, item, ctx);
  if (alert.items.length === 0) ctx.reply.status('Alert', alert.cmdID, StatusCode.incompleteCommand);
}

async function alertStore(alert: Alert, code: number, item: Item, ctx: MessageContext): Promise<void> {
  const serverURI = item.target?.locURI ?? '';
  const clientURI = item.source?.locURI ?? '';
  const refs = { target: [serverURI], source: [clientURI] };
  const address = resolveStore(serverURI);
  const format = address === undefined ? undefined : formatFor(address.kind);
  if (address === undefined || format === undefined) {
    ctx.log.warn({ store: serverURI }, address === undefined ? 'unknown store name' : 'store kind not served');
    ctx.reply.status('Alert', alert.cmdID, StatusCode.notFound, refs);
    return;
  }
  const store = await ctx.account().open(address.kind, address.collection);
  if (store === undefined) {
    ctx.log.warn({ store: serverURI, kind: address.kind, collection: address.collection }, 'no such collection on the backend');
    ctx.reply.status('Alert', alert.cmdID, StatusCode.notFound, refs);
    return;
  }
  const session = ctx.session;
  const storeId = address.collection === undefined ? address.kind : `${address.kind}/${address.collection.toLowerCase()}`;
  const stateKey = deviceStateKey(session.user ?? '', session.deviceId, storeId);
  const device = await ctx.device(stateKey);
  const anchor = item.meta?.anchor;
  const decision = decideMode(code, anchor?.last, device.clientAnchor);
  const serverNext = newAnchor(ctx.deps.clock);
  const ss: StoreSession = {
    serverURI,
    clientURI,
    kind: address.kind,
    stateKey,
    requestedAlert: code,
    mode: decision.mode,
    clientNext: anchor?.next ?? serverNext,
    serverNext,
    clientType: clientTypeFor(format, [...(await preferredTypes(ctx, clientURI)), device.clientType]),
    changesComputed: false,
    touched: [],
    matched: [],
    outgoing: [],
    sentCount: 0,
    syncSent: false,
    stats: { added: 0, replaced: 0, deleted: 0, sentAdds: 0, sentReplaces: 0, sentDeletes: 0, failed: 0 },
  };
  if (address.collection !== undefined) ss.collection = address.collection;
  if (anchor?.last !== undefined) ss.clientLast = anchor.last;
  if (device.serverAnchor !== undefined && decision.mode !== 'slow') ss.serverLast = device.serverAnchor;
  if (decision.reason !== undefined) ss.modeReason = decision.reason;
  session.stores[serverURI] = ss;

  const forced = alertOfMode[decision.mode] !== code;
  ctx.log.info(
    { store: serverURI, collection: store.name, asked: code, mode: decision.mode, reason: decision.reason },
    forced ? decision.reason ?? 'sync mode changed' : `sync mode ${decision.mode}`,
  );
  // The status echoes the client's Next anchor (OMA DS Protocol 5.5); 508 tells it a slow sync is needed.
  const echo: Item[] = anchor?.next === undefined ? [] : [{ dataAnchor: { next: anchor.next } }];
  ctx.reply.status('Alert', alert.cmdID, forced ? StatusCode.refreshRequired : StatusCode.ok, { ...refs, items: echo });
  const serverAnchor = ss.serverLast === undefined ? { next: serverNext } : { last: ss.serverLast, next: serverNext };
  ctx.reply.add({
    kind: 'Alert',
    cmdID: '',
    data: alertOfMode[decision.mode],
    items: [{ target: { locURI: clientURI }, source: { locURI: serverURI }, meta: { anchor: serverAnchor } }],
  });
}

/** What the device's DevInf says it prefers to receive for this database (Rx-Pref, then Rx). */
async function preferredTypes(ctx: MessageContext, clientURI: string): Promise<string[]> {
  const devinf = await ctx.deps.state.get<DevInf>(deviceInfoKey(ctx.session.user ?? '', ctx.session.deviceId));
  const bare = (uri: string): string => uri.replace(/^\.\//, '').toLowerCase();
  const store = devinf?.dataStores.find((d) => bare(d.sourceRef) === bare(clientURI));
  if (store === undefined) return [];
  return [store.rxPref?.ctType, ...store.rx.map((r) => r.ctType)].filter((t): t is string => t !== undefined);
}
