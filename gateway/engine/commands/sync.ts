// Sync: the client's changes for one store (package 3).
import type { Command, Sync } from '../../protocol/model.ts';
import { StatusCode } from '../../protocol/codes.ts';
import type { MessageContext } from '../context.ts';
import { applyClientCommand, itemTarget } from '../client-changes.ts';
import { findStoreSession } from '../find-store.ts';
import { computeServerChanges } from '../server-changes.ts';
import { acceptsFromClient } from '../sync-mode.ts';

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
  if (!acceptsFromClient(ss.mode)) {
    refuseAll(sync.commands, StatusCode.commandNotAllowed, ctx);
    return;
  }
  const store = await ctx.store(ss);
  const device = await ctx.device(ss.stateKey);
  // Incremental modes look at the server's changes before applying the client's, to see conflicts.
  if (!ss.changesComputed && (ss.mode === 'two-way' || ss.mode === 'one-way-from-client')) await computeServerChanges(ss, device, store);
  const target = itemTarget(ss, device, store);
  for (const command of flatten(sync.commands)) {
    if (command.kind === 'Add' || command.kind === 'Replace' || command.kind === 'Delete') {
      await applyClientCommand(command, sync.meta, target, ctx);
    } else {
      ctx.reply.status(command.kind === 'Unknown' ? command.name : command.kind, command.cmdID, StatusCode.optionalFeatureNotSupported);
    }
  }
}

/** Atomic and Sequence inside Sync are applied in order (without rollback). */
function flatten(commands: Command[]): Command[] {
  return commands.flatMap((c) => (c.kind === 'Atomic' || c.kind === 'Sequence' ? flatten(c.commands) : [c]));
}

function refuseAll(commands: Command[], code: number, ctx: MessageContext): void {
  for (const c of flatten(commands)) {
    if (c.noResp === true) continue;
    ctx.reply.status(c.kind === 'Unknown' ? c.name : c.kind, c.cmdID, code);
  }
}
