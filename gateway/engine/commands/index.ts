// One table from SyncML command to its handler.
import type { Command } from '../../protocol/model.ts';
import { StatusCode } from '../../protocol/codes.ts';
import type { MessageContext } from '../context.ts';
import { handleAlert } from './alert.ts';
import { handleGet } from './get.ts';
import { handleMap } from './map.ts';
import { handlePut, handleResults } from './put.ts';
import { handleStatus } from './status.ts';
import { handleSync } from './sync.ts';

type Handler<C> = (command: C, ctx: MessageContext) => Promise<void>;

const handlers: { [K in Command['kind']]?: Handler<Extract<Command, { kind: K }>> } = {
  Status: handleStatus,
  Alert: handleAlert,
  Sync: handleSync,
  Map: handleMap,
  Put: handlePut,
  Get: handleGet,
  Results: handleResults,
};

export async function dispatch(command: Command, ctx: MessageContext): Promise<void> {
  const handler = handlers[command.kind] as Handler<Command> | undefined;
  if (handler !== undefined) return handler(command, ctx);
  // Results we never asked for, Add/Replace/Delete outside a Sync, Exec, Search...
  const name = command.kind === 'Unknown' ? command.name : command.kind;
  ctx.log.warn({ cmd: name }, 'command not supported here');
  if (command.noResp !== true) ctx.reply.status(name, command.cmdID, StatusCode.optionalFeatureNotSupported);
}
