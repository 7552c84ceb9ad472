// Sync: the client's items for one store (package 3).
import type { Command, Sync } from '../../protocol/model.ts';
import { StatusCode } from '../../protocol/codes.ts';
import type { MessageContext } from '../context.ts';
import { applyClientCommand, itemTarget } from '../client-changes.ts';
import { findStoreSession } from '../find-store.ts';
import { prepareStore } from '../prepare-store.ts';
import { ApplyWindow } from '../apply-window.ts';
import type { StoreSession } from '../session-state.ts';

export async function handleSync(sync: Sync, ctx: MessageContext): Promise<void> {
  const serverURI = sync.target?.locURI;
  const refs = { target: [serverURI ?? ''], source: [sync.source?.locURI ?? ''] };
  const ss = findStoreSession(ctx.session, serverURI);
  if (ss === undefined) {
    ctx.log.warn({ store: serverURI }, 'Sync for a store that was not alerted');
    ctx.reply.status('Sync', sync.cmdID, StatusCode.notFound, refs);
    refuseAll(sync.commands, StatusCode.notFound, ctx);
    return;
  }
  if (ctx.session.phase === 'init') ctx.session.phase = 'client-sync';
  ctx.reply.status('Sync', sync.cmdID, StatusCode.ok, refs);
  await prepareStore(ss, ctx);
  // An empty Sync (nothing changed on the device) needs no id index of the device's items.
  if (sync.commands.length === 0) return;
  const target = itemTarget(ss, await ctx.device(ss.stateKey), await ctx.store(ss));
  const window = new ApplyWindow(ctx, ctx.deps.options.applyConcurrency ?? 1);
  try {
    for (const command of sync.commands) {
      if (command.kind === 'Atomic' || command.kind === 'Sequence') {
        // Applied in order, without rollback: the status says what happened to each item.
        await window.drain();
        if (command.noResp !== true) ctx.reply.status(command.kind, command.cmdID, StatusCode.ok);
        for (const inner of command.commands) await applyOne(inner, sync, target, ctx);
      } else {
        await window.submit(luidsOf(command), mustRunAlone(command, ss, ctx), (c) => applyOne(command, sync, target, c));
      }
    }
  } catch (error) {
    // What is under way still lands (and is recorded in the device state) before the failure counts.
    await window.drain().catch(() => {});
    throw error;
  }
  await window.drain();
}

function luidsOf(command: Command): string[] {
  return 'items' in command && Array.isArray(command.items) ? command.items.map((item) => item.source?.locURI ?? item.target?.locURI ?? '') : [];
}

/** Items whose outcome depends on the items before them: applied after those, alone. */
function mustRunAlone(command: Command, ss: StoreSession, ctx: MessageContext): boolean {
  if (command.kind !== 'Add' && command.kind !== 'Replace' && command.kind !== 'Delete') return true;
  if (ss.backupPrefix !== undefined || !concurrentModes.has(ss.plan.clientItems)) return true;
  // A hierarchy: an item may name a folder the client added just before it.
  if (ss.view === 'folders') return true;
  // Slow sync: matching against the server's items claims them one client item at a time.
  if (ss.plan.clientItems === 'apply-all' && (ss.matchIndex === undefined || hasEntries(ss.matchIndex))) return true;
  return ctx.session.pendingChunk !== undefined || command.items.some((item) => item.moreData === true);
}

const concurrentModes = new Set<string>(['apply-changes', 'apply-all', 'apply-all-fresh']);

function hasEntries(record: Record<string, string>): boolean {
  for (const _ in record) return true;
  return false;
}

async function applyOne(command: Command, sync: Sync, target: ReturnType<typeof itemTarget>, ctx: MessageContext): Promise<void> {
  if (command.kind === 'Add' || command.kind === 'Replace' || command.kind === 'Delete') {
    await applyClientCommand(command, sync.meta, target, ctx);
  } else if (command.noResp !== true) {
    ctx.reply.status(command.kind === 'Unknown' ? command.name : command.kind, command.cmdID, StatusCode.optionalFeatureNotSupported);
  }
}

function refuseAll(commands: Command[], code: number, ctx: MessageContext): void {
  for (const c of commands) {
    if (c.noResp !== true) ctx.reply.status(c.kind === 'Unknown' ? c.name : c.kind, c.cmdID, code);
    if (c.kind === 'Atomic' || c.kind === 'Sequence') refuseAll(c.commands, code, ctx);
  }
}
