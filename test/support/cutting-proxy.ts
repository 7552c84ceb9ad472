// An HTTP proxy in front of the gateway that can lose the connection at a chosen request, as a
// phone loses its network: the request reaches the gateway, its answer never reaches the client.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CuttingProxy {
  /** The sync URL to give the client (same path as the gateway's). */
  readonly url: string;
  /** Requests forwarded since the last `cutAt`. */
  readonly requests: number;
  /** Drop the answer to the n-th request from now on (1 = the next one); 0: never. */
  cutAt(n: number): void;
  close(): Promise<void>;
}

export async function cuttingProxy(gatewayUrl: string): Promise<CuttingProxy> {
  const target = new URL(gatewayUrl);
  let requests = 0;
  let cut = 0;
  const server = http.createServer((req, res) => {
    const n = ++requests;
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      const payload = Buffer.concat(body);
      // The Host header goes through, so the gateway's RespURI keeps pointing at the proxy.
      const headers = { host: req.headers.host ?? target.host, 'content-type': req.headers['content-type'] ?? '', 'content-length': String(payload.length) };
      const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (answer) => {
        const out: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => out.push(chunk));
        answer.on('end', () => {
          if (n === cut) {
            req.socket.destroy();
            return;
          }
          res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? '' });
          res.end(Buffer.concat(out));
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    get requests() {
      return requests;
    },
    cutAt(n: number) {
      requests = 0;
      cut = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
