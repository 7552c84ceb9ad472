// Get: the client asks for our device information.
import type { Get } from '../../protocol/model.ts';
import { StatusCode } from '../../protocol/codes.ts';
import { writeDevInf } from '../../protocol/devinf.ts';
import type { MessageContext } from '../context.ts';

export async function handleGet(get: Get, ctx: MessageContext): Promise<void> {
  for (const item of get.items) {
    const uri = item.target?.locURI ?? '';
    if (!/^\.?\/?devinf1[0-2]$/i.test(uri)) {
      ctx.reply.status('Get', get.cmdID, StatusCode.notFound, { target: [uri] });
      continue;
    }
    ctx.reply.status('Get', get.cmdID, StatusCode.ok, { target: [uri] });
    ctx.reply.add({
      kind: 'Results',
      cmdID: '',
      msgRef: ctx.message.hdr.msgID,
      cmdRef: get.cmdID,
      meta: { type: `application/vnd.syncml-devinf+${ctx.session.encoding ?? 'xml'}` },
      targetRefs: [],
      sourceRefs: [uri],
      items: [{ source: { locURI: uri }, dataElement: writeDevInf(ctx.deps.serverDevInf(), ctx.session.version) }],
    });
  }
}
