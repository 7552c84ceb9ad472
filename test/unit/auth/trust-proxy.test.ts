// Behind a TLS-terminating proxy: X-Forwarded-For / X-Forwarded-Proto are believed only with
// SYNCML_TRUST_PROXY, so a client cannot pick the address the brute-force limits count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, type Server } from 'node:http';
import { createApp } from '../../../gateway/http/app.ts';
import type { SyncMLProcessor } from '../../../gateway/http/syncml-request.ts';
import type { RequestContext } from '../../../gateway/engine/context.ts';
import { silentLogger } from '../../../gateway/ports/logger.ts';

const message =
  '<?xml version="1.0"?><SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>SyncML/1.2</VerProto>' +
  '<SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>https://sync.example.com/syncml</LocURI></Target><Source><LocURI>IMEI:1</LocURI></Source></SyncHdr>' +
  '<SyncBody><Final/></SyncBody></SyncML>';

async function seenBehindProxy(trustProxy: boolean): Promise<RequestContext> {
  let seen: RequestContext | undefined;
  const processor: SyncMLProcessor = {
    async process(m, request) {
      seen = request;
      const status = { kind: 'Status' as const, cmdID: '1', msgRef: '1', cmdRef: '0', cmd: 'SyncHdr', targetRefs: [], sourceRefs: [], data: '200', items: [] };
      return { version: m.version, hdr: { ...m.hdr, target: m.hdr.source, source: m.hdr.target }, body: [status], final: true };
    },
    refuse: () => {
      throw new Error('not expected');
    },
  };
  const app = createApp(processor, { path: '/syncml', maxBodyBytes: 65536, trustProxy }, silentLogger);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    // As a proxy forwards it: the client's Host header kept, its address and scheme added.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/syncml', method: 'POST', headers: { host: 'sync.example.com', 'content-type': 'application/vnd.syncml+xml', 'x-forwarded-for': '203.0.113.50', 'x-forwarded-proto': 'https' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      req.on('error', reject);
      req.end(message);
    });
    assert.equal(status, 200);
  } finally {
    server.close();
    server.closeAllConnections();
  }
  assert.ok(seen !== undefined);
  return seen;
}

test('without SYNCML_TRUST_PROXY the forwarded headers are ignored', async () => {
  const seen = await seenBehindProxy(false);
  assert.equal(seen.clientAddress, '127.0.0.1');
  assert.match(seen.url, /^http:\/\/sync\.example\.com\/syncml$/);
});

test('with SYNCML_TRUST_PROXY the client address and https come from the proxy', async () => {
  const seen = await seenBehindProxy(true);
  assert.equal(seen.clientAddress, '203.0.113.50', 'the per-address limit counts the device, not the proxy');
  assert.match(seen.url, /^https:\/\/sync\.example\.com\/syncml$/, 'RespURI stays on https');
});
