// Put: the client sends its device information (./devinf10, ./devinf11, ./devinf12).
import type { Item, Put, Results } from '../../protocol/model.ts';
import { StatusCode } from '../../protocol/codes.ts';
import { readDevInf } from '../../protocol/devinf.ts';
import type { MessageContext } from '../context.ts';
import { deviceInfoKey } from '../device-info.ts';
import { describeError } from '../store-errors.ts';

export async function handlePut(put: Put, ctx: MessageContext): Promise<void> {
  for (const code of await storeDevInf(put.items, ctx)) if (put.noResp !== true) ctx.reply.status('Put', put.cmdID, code.status, { source: [code.uri] });
}

/** Results: the client's answer to our Get of its DevInf. */
export async function handleResults(results: Results, ctx: MessageContext): Promise<void> {
  for (const code of await storeDevInf(results.items, ctx)) ctx.reply.status('Results', results.cmdID, code.status, { source: [code.uri] });
}

/** Stores DevInf items; one status per item. */
async function storeDevInf(items: Item[], ctx: MessageContext): Promise<Array<{ uri: string; status: number }>> {
  const out: Array<{ uri: string; status: number }> = [];
  for (const item of items) {
    const uri = item.source?.locURI ?? '';
    let code: number = StatusCode.ok;
    if (/^\.?\/?devinf1[0-2]$/i.test(uri) && item.dataElement !== undefined) {
      try {
        const devinf = readDevInf(item.dataElement);
        await ctx.deps.state.set(deviceInfoKey(ctx.session.user ?? '', ctx.session.deviceId), devinf);
        ctx.devInfChanged();
        ctx.log.info({ man: devinf.man, mod: devinf.mod, swv: devinf.swV }, 'device information received');
      } catch (error) {
        ctx.log.warn({ error: describeError(error) }, 'device information not understood');
        code = StatusCode.badRequest;
      }
    } else {
      code = StatusCode.notFound;
    }
    out.push({ uri, status: code });
  }
  return out;
}
