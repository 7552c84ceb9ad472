// A loopback HTTP proxy in front of a SyncML server that timestamps every request, so a sync's
// HTTP exchange can be timed from the server side without the client's process start.
// The Host header is passed through: both servers build their RespURI from it, so the client
// keeps talking to the proxy for the whole session.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ExchangeRecord {
  /** performance.now() when the request's headers arrived. */
  start: number;
  /** performance.now() when the server's answer was completely passed on. */
  end: number;
  requestBytes: number;
  responseBytes: number;
  status: number;
}

export interface ExchangeTiming {
  /** First request in to last response out, in ms. */
  exchangeMs: number;
  /** Sum of the request durations: the time the server spent, without client think time. */
  serverMs: number;
  messages: number;
  requestBytes: number;
  responseBytes: number;
}

export class ExchangeProxy {
  readonly #target: URL;
  readonly #server: http.Server;
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  #records: ExchangeRecord[] = [];
  #port = 0;

  constructor(targetBase: string) {
    this.#target = new URL(targetBase);
    this.#server = http.createServer((req, res) => this.#forward(req, res));
    this.#server.keepAliveTimeout = 30_000;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  /** The URL a client uses instead of `path` on the target. */
  url(path: string): string {
    return `http://127.0.0.1:${this.#port}${path}`;
  }

  /** Starts a new measurement window. */
  reset(): void {
    this.#records = [];
  }

  timing(): ExchangeTiming {
    const records = this.#records;
    if (records.length === 0) return { exchangeMs: Number.NaN, serverMs: Number.NaN, messages: 0, requestBytes: 0, responseBytes: 0 };
    const first = Math.min(...records.map((r) => r.start));
    const last = Math.max(...records.map((r) => r.end));
    return {
      exchangeMs: last - first,
      serverMs: records.reduce((sum, r) => sum + (r.end - r.start), 0),
      messages: records.length,
      requestBytes: records.reduce((sum, r) => sum + r.requestBytes, 0),
      responseBytes: records.reduce((sum, r) => sum + r.responseBytes, 0),
    };
  }

  async close(): Promise<void> {
    this.#agent.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
  }

  #forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const start = performance.now();
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      const payload = Buffer.concat(body);
      const headers = { ...req.headers, 'content-length': String(payload.length) };
      delete headers['transfer-encoding'];
      const upstream = http.request(
        {
          host: this.#target.hostname,
          port: this.#target.port,
          method: req.method,
          path: req.url,
          headers,
          agent: this.#agent,
          timeout: 600_000,
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const data = Buffer.concat(chunks);
            const out = { ...answer.headers, 'content-length': String(data.length) };
            delete out['transfer-encoding'];
            res.writeHead(answer.statusCode ?? 502, out);
            res.end(data, () => {
              this.#records.push({ start, end: performance.now(), requestBytes: payload.length, responseBytes: data.length, status: answer.statusCode ?? 0 });
            });
          });
        },
      );
      upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
      upstream.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${error.message}\n`);
      });
      upstream.end(payload);
    });
  }
}
