// Put: the client sends its device information (./devinf10, ./devinf11, ./devinf12).
import type { Put } from '../../protocol/model.ts';
import { StatusCode } from '../../protocol/codes.ts';
import { readDevInf } from '../../protocol/devinf.ts';
import type { MessageContext } from '../context.ts';
import { deviceInfoKey } from '../device-info.ts';
import { describeError } from '../store-errors.ts';

export async function handlePut(put: Put, ctx: MessageContext): Promise<void> {
  for (const item of put.items) {
    const uri = item.source?.locURI ?? '';
    let code: number = StatusCode.ok;
    if (/^\.?\/?devinf1[0-2]$/i.test(uri) && item.dataElement !== undefined) {
      try {
        const devinf = readDevInf(item.dataElement);
        await ctx.deps.state.set(deviceInfoKey(ctx.session.user ?? '', ctx.session.deviceId), devinf);
        ctx.log.info({ man: devinf.man, mod: devinf.mod, swv: devinf.swV }, 'device information received');
      } catch (error) {
        ctx.log.warn({ error: describeError(error) }, 'device information not understood');
        code = StatusCode.badRequest;
      }
    } else {
      code = StatusCode.notFound;
    }
    if (put.noResp !== true) ctx.reply.status('Put', put.cmdID, code, { source: [uri] });
  }
}
