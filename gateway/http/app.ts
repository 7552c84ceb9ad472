// The HTTP front end: POST of SyncML to /syncml (or /syncml/index.html, any query string),
// body size limit, content type, and HTTP errors only for what is not SyncML at all.
import express, { type Request, type Response } from 'express';
import type { Logger } from '../ports/logger.ts';
import { handleSyncMLRequest, type SyncMLProcessor } from './syncml-request.ts';
import { MessageGate } from './message-gate.ts';

export interface HttpOptions {
  /** URL path of the SyncML endpoint (default `/syncml`). */
  path: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Trust X-Forwarded-* headers (behind a reverse proxy). */
  trustProxy: boolean;
  /** SyncML messages decoded and processed at once; more wait their turn (default: no bound). */
  maxActiveMessages?: number;
}

export function createApp(processor: SyncMLProcessor, options: HttpOptions, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  const base = options.path.replace(/\/+$/, '') || '/syncml';
  const paths = [base, `${base}/`, `${base}/index.html`];
  // Any content type is read raw: the codec decides what it is.
  const raw = express.raw({ type: () => true, limit: options.maxBodyBytes });
  const gate = options.maxActiveMessages === undefined ? undefined : new MessageGate(options.maxActiveMessages);
  app.post(paths, raw, (req: Request, res: Response) =>
    gate === undefined ? handleSyncMLRequest(req, res, processor, logger) : gate.run(() => handleSyncMLRequest(req, res, processor, logger)),
  );
  app.get(paths, (_req: Request, res: Response) => {
    res.type('text/plain').send('SyncML gateway: point your SyncML client at this URL (HTTP POST).\n');
  });
  app.get('/healthz', (_req: Request, res: Response) => {
    res.type('text/plain').send('ok\n');
  });
  app.use((req: Request, res: Response) => {
    logger.warn({ method: req.method, path: req.path }, 'request for an unknown URL');
    res.status(404).type('text/plain').send(`Not found. The SyncML URL is ${base}\n`);
  });
  // Body too large, unreadable body: HTTP errors, logged in one line.
  app.use((error: unknown, req: Request, res: Response, _next: express.NextFunction) => {
    const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : 500;
    logger.warn({ path: req.path, status, error: error instanceof Error ? error.message : String(error) }, 'request refused');
    res.status(status).type('text/plain').send(status === 413 ? 'Message too large\n' : 'Bad request\n');
  });
  return app;
}
