// Alert: the client asks to sync a database (200-210) or for our next message (222).
// The method is decided here (SPEC item 6) and answered with the alert we carry it out by.
import type { Alert, Item } from '../../protocol/model.ts';
import { AlertCode, StatusCode } from '../../protocol/codes.ts';
import { clientTypeFor, formatFor } from '../../convert/formats.ts';
import type { MessageContext } from '../context.ts';
import { newAnchor } from '../anchors.ts';
import { dataStoreOf, preferredTypes } from '../device-info.ts';
import { deviceStateKey } from '../device-state.ts';
import { resolveStore } from '../store-names.ts';
import { openStore, storeId, viewFor } from '../store-view.ts';
import { decideMethod, methodNames, methodOfAlert, planMethod } from '../sync-methods.ts';
import { parseUrlParams } from '../url-params.ts';
import type { StoreSession } from '../session-state.ts';

export async function handleAlert(alert: Alert, ctx: MessageContext): Promise<void> {
  const code = alert.data ?? 0;
  if (code === AlertCode.nextMessage) {
    ctx.reply.status('Alert', alert.cmdID, StatusCode.ok);
    return;
  }
  if (methodOfAlert(code) === undefined && code !== AlertCode.resume) {
    ctx.log.warn({ alert: code }, 'alert not supported');
    ctx.reply.status('Alert', alert.cmdID, StatusCode.optionalFeatureNotSupported);
    return;
  }
  if (alert.items.length === 0) ctx.reply.status('Alert', alert.cmdID, StatusCode.incompleteCommand);
  for (const item of alert.items) await alertStore(alert, code, item, ctx);
}

async function alertStore(alert: Alert, code: number, item: Item, ctx: MessageContext): Promise<void> {
  const serverURI = item.target?.locURI ?? '';
  const clientURI = item.source?.locURI ?? '';
  const refs = { target: [serverURI], source: [clientURI] };
  const address = resolveStore(serverURI);
  const format = address === undefined ? undefined : formatFor(address.kind);
  if (address === undefined || format === undefined) {
    ctx.log.warn({ store: serverURI }, address === undefined ? 'unknown store name' : 'store kind not served yet');
    ctx.reply.status('Alert', alert.cmdID, StatusCode.notFound, refs);
    return;
  }
  const namedCollection = address.collection !== undefined;
  // `Calendar` is an alias of Events unless a collection named Calendar exists (and `Events`
  // likewise reaches a collection of that name first).
  if (address.kind === 'events' && address.collection === undefined) {
    const word = storeWord(serverURI);
    const named = (await ctx.account().collections?.())?.find((c) => c.name.toLowerCase() === word);
    if (named !== undefined && (word === 'calendar' || word === 'events')) address.collection = named.name;
  }
  const session = ctx.session;
  const devinf = await ctx.clientDevInf();
  // Events and tasks together, or every collection as a folder (store-view.ts says when).
  const combinedBefore =
    address.kind === 'events' && (await ctx.device(deviceStateKey(session.user ?? '', session.deviceId, storeId(address.kind, address.collection, undefined)))).combined === true;
  const view = viewFor({ kind: address.kind, namedCollection, version: session.version, devinf, clientURI, combinedBefore });
  const store = await openStore(ctx.account(), { kind: address.kind, ...(address.collection === undefined ? {} : { collection: address.collection }), ...(view === undefined ? {} : { view }) });
  if (store === undefined) {
    ctx.log.warn({ store: serverURI, kind: address.kind, collection: address.collection }, 'no such collection on the backend');
    ctx.reply.status('Alert', alert.cmdID, StatusCode.notFound, refs);
    return;
  }
  const stateKey = deviceStateKey(session.user ?? '', session.deviceId, storeId(address.kind, address.collection, view));
  const device = await ctx.device(stateKey);

  // Parameters on the store URI (`Contacts?sync=2`) apply to this store alone.
  const storeParams = parseUrlParams(serverURI);
  for (const problem of storeParams.problems) ctx.log.warn({ store: serverURI }, `store URI parameter ignored: ${problem}`);
  const params = { ...session.params, ...storeParams.params };
  const urlMethod = params.reset === true ? 9 : params.sync;
  const anchor = item.meta?.anchor;
  const anchorsEqual = device.clientAnchor !== undefined && anchor?.last === device.clientAnchor;
  const anchorNote =
    device.clientAnchor === undefined
      ? 'no previous sync of this device and store'
      : `client Last anchor ${anchor?.last ?? '(none)'} != stored ${device.clientAnchor}`;
  // Resume (225): the interrupted sync goes on with its method. What was done before the
  // interruption is in the device state already (maps and confirmations are kept as they
  // happen; anchors and token only move at the end), so nothing done is done again.
  const interrupted = device.interrupted;
  const resume = code === AlertCode.resume && interrupted !== undefined && anchorsEqual;
  const decision = resume
    ? { method: interrupted.method, anchorsChecked: false, reason: `resuming the interrupted ${methodNames[interrupted.method]}` }
    : code === AlertCode.resume
      ? // Nothing to resume here: a slow sync (508), as OMA DS says for a refused resume.
        { method: 2 as const, anchorsChecked: false, reason: interrupted === undefined ? 'resume refused: no interrupted sync of this store' : `resume refused: ${anchorNote}` }
      : decideMethod(methodOfAlert(code)!, urlMethod, anchorsEqual, anchorNote);
  // A method is carried out with the client's own alert, or over 200/201, which every client
  // knows: switching a client to a sync type it did not ask for is not safe with real phones.
  const supports = (alertCode: number): boolean => alertCode === code || alertCode === AlertCode.twoWay || alertCode === AlertCode.slow;
  // An accepted resume is answered with the interrupted sync's own code, not 225: clients (the
  // Synthesis engine among them) refuse 225 from a server; the 200 status on their Alert says yes.
  const plan = resume ? planMethod(decision.method, (a) => a === interrupted.alert || supports(a)) : planMethod(decision.method, supports);
  const serverNext = newAnchor(ctx.deps.clock);
  const ss: StoreSession = {
    serverURI,
    clientURI,
    kind: address.kind,
    stateKey,
    requestedAlert: code,
    plan,
    reason: decision.reason,
    clientNext: anchor?.next ?? serverNext,
    serverNext,
    clientType: clientTypeFor(format, [...preferredTypes(devinf, clientURI), device.clientType]),
    changesComputed: false,
    touched: [],
    matched: [],
    outgoing: [],
    sentCount: 0,
    syncSent: false,
    stats: { added: 0, replaced: 0, deleted: 0, sentAdds: 0, sentReplaces: 0, sentDeletes: 0, failed: 0, conflicts: 0, backedUp: 0 },
  };
  if (address.collection !== undefined) ss.collection = address.collection;
  // A store configured for DES/3DES answers encrypted from the start; a client that sends
  // encrypted items into any other store gets ours encrypted alike (client-changes).
  const encryption = ctx.deps.options.auth?.itemEncryption?.[address.kind];
  if (encryption !== undefined) ss.itemFormat = encryption;
  if (view !== undefined) ss.view = view;
  if (anchor?.last !== undefined) ss.clientLast = anchor.last;
  if (device.serverAnchor !== undefined && !plan.full) ss.serverLast = device.serverAnchor;
  if (params.backup !== undefined) ss.backupPrefix = params.backup;
  if (resume && plan.full) {
    // What the device took or gave before the interruption counts as matched.
    for (const [guid, held] of Object.entries(device.items)) if (held.luid !== undefined) ss.matched.push(guid);
  }
  if (ss.backupPrefix === undefined) device.interrupted = { method: plan.method, alert: resume ? interrupted.alert : plan.alert };
  const maxGUIDSize = dataStoreOf(devinf, clientURI)?.maxGUIDSize;
  if (maxGUIDSize !== undefined && Number.isFinite(maxGUIDSize)) ss.maxGUIDSize = maxGUIDSize;
  session.stores[serverURI] = ss;

  ctx.log.info(
    { store: serverURI, collection: store.name, view, asked: code, method: plan.method, alert: plan.alert, backup: ss.backupPrefix },
    `method ${plan.method} (${methodNames[plan.method]}): ${decision.reason}${plan.alert !== code ? `; carried out with alert ${plan.alert}` : ''}`,
  );
  // The status echoes the client's Next anchor (OMA DS Protocol 5.5); 508 tells it a full sync is needed.
  const refresh = (decision.anchorsChecked && !anchorsEqual) || (code === AlertCode.resume && !resume);
  const mustSendAll = plan.alert === AlertCode.slow && code !== AlertCode.slow;
  const echo: Item[] = anchor?.next === undefined ? [] : [{ dataAnchor: { next: anchor.next } }];
  ctx.reply.status('Alert', alert.cmdID, refresh || mustSendAll ? StatusCode.refreshRequired : StatusCode.ok, { ...refs, items: echo });
  const serverAnchor = ss.serverLast === undefined ? { next: serverNext } : { last: ss.serverLast, next: serverNext };
  ctx.reply.add({
    kind: 'Alert',
    cmdID: '',
    data: plan.alert,
    items: [{ target: { locURI: clientURI }, source: { locURI: serverURI }, meta: { anchor: serverAnchor } }],
  });
}

/** The store word of a database URI (`./Calendar?x` -> `calendar`). */
function storeWord(uri: string): string {
  return uri.replace(/[?#].*$/, '').replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/^\.?\/+/, '').split('/')[0]?.toLowerCase() ?? '';
}
