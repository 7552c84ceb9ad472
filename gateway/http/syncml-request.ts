// One SyncML request: decode -> protocol read -> engine -> protocol write -> encode.
import type { Request, Response } from 'express';
import { CodecError, contentTypeOf, decode, encode, encodingFromContentType } from '../codec/index.ts';
import type { Encoding } from '../codec/element.ts';
import { ProtocolError } from '../protocol/errors.ts';
import { readMessage } from '../protocol/read.ts';
import { writeMessage } from '../protocol/write.ts';
import type { SyncHdr, SyncMLMessage, SyncMLVersion } from '../protocol/model.ts';
import { missingHeaderFields } from '../protocol/header.ts';
import type { RequestContext } from '../engine/context.ts';
import type { Logger } from '../ports/logger.ts';

export interface SyncMLProcessor {
  process(message: SyncMLMessage, request: RequestContext): Promise<SyncMLMessage>;
  /** A SyncML reply refusing a message whose header could be read but not the rest. */
  refuse(hdr: SyncHdr, version: SyncMLVersion, code: number): SyncMLMessage;
}

export async function handleSyncMLRequest(req: Request, res: Response, processor: SyncMLProcessor, logger: Logger): Promise<void> {
  const encoding = encodingFromContentType(req.get('content-type'));
  if (encoding === undefined) {
    logger.warn({ contentType: req.get('content-type') }, 'not a SyncML content type');
    res.status(415).type('text/plain').send('Expected application/vnd.syncml+xml or application/vnd.syncml+wbxml\n');
    return;
  }
  const body: unknown = req.body;
  if (!(body instanceof Buffer) || body.length === 0) {
    logger.warn({}, 'empty SyncML request');
    res.status(400).type('text/plain').send('Empty request\n');
    return;
  }
  let message: SyncMLMessage;
  try {
    message = readMessage(decode(body, encoding));
  } catch (error) {
    if (error instanceof ProtocolError && missingHeaderFields(error.hdr).length === 0) {
      // The header is readable: answer in SyncML, so the client shows the status.
      logger.warn({ error: error.message, status: error.status }, 'SyncML message refused');
      sendReply(res, processor.refuse(error.hdr as SyncHdr, error.version ?? '1.2', error.status), encoding);
      return;
    }
    if (error instanceof CodecError || error instanceof ProtocolError) {
      const status = error instanceof CodecError ? httpStatusOf(error) : 400;
      logger.warn({ error: error.message, status }, 'request is not readable SyncML');
      res.status(status).type('text/plain').send(`Not a SyncML message: ${error.message}\n`);
      return;
    }
    throw error;
  }
  const context = { ...requestContext(req), encoding };
  try {
    const reply = await processor.process(message, context);
    sendReply(res, reply, encoding);
  } catch (error) {
    logger.error({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 'internal error while processing a message');
    res.status(500).type('text/plain').send('Internal error\n');
  }
}

/** The HTTP status of a refused body, as codec/limits.ts documents it: 413, 415, else 400. */
function httpStatusOf(error: CodecError): number {
  if (error.reason === 'too-large') return 413;
  if (error.reason === 'unsupported-encoding') return 415;
  return 400;
}

function sendReply(res: Response, reply: SyncMLMessage, encoding: Encoding): void {
  const bytes = encode(writeMessage(reply), encoding);
  // Written raw: Express would add `; charset=utf-8`, which some phones do not parse.
  res.statusCode = 200;
  res.setHeader('Content-Type', contentTypeOf(encoding));
  res.setHeader('Content-Length', bytes.byteLength);
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

function requestContext(req: Request): RequestContext {
  const sid = typeof req.query.sid === 'string' ? req.query.sid : undefined;
  const url = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`;
  const context: RequestContext = { url };
  if (sid !== undefined) context.sessionId = sid;
  if (req.ip !== undefined) context.clientAddress = req.ip;
  return context;
}
