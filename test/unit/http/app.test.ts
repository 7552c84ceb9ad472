// The HTTP front end: which requests reach the engine, and which get an HTTP error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { createApp } from '../../../gateway/http/app.ts';
import type { SyncMLProcessor } from '../../../gateway/http/syncml-request.ts';
import type { RequestContext } from '../../../gateway/engine/context.ts';
import type { SyncMLMessage } from '../../../gateway/protocol/model.ts';
import { silentLogger } from '../../../gateway/ports/logger.ts';

const seen: Array<{ message: SyncMLMessage; request: RequestContext }> = [];
const processor: SyncMLProcessor = {
  async process(message, request) {
    seen.push({ message, request });
    return {
      version: message.version,
      hdr: { ...message.hdr, target: message.hdr.source, source: message.hdr.target, msgID: '1' },
      body: [{ kind: 'Status', cmdID: '1', msgRef: message.hdr.msgID, cmdRef: '0', cmd: 'SyncHdr', targetRefs: [], sourceRefs: [], data: '200', items: [] }],
      final: true,
    };
  },
  refuse(hdr, version, code) {
    return { version, hdr: { ...hdr, target: hdr.source, source: hdr.target }, body: [{ kind: 'Status', cmdID: '1', msgRef: hdr.msgID, cmdRef: '0', cmd: 'SyncHdr', targetRefs: [], sourceRefs: [], data: String(code), items: [] }], final: true };
  },
};

let server: Server;
let base: string;
before(async () => {
  const app = createApp(processor, { path: '/syncml', maxBodyBytes: 64 * 1024, trustProxy: false }, silentLogger);
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});
after(() => {
  server.close();
  server.closeAllConnections();
});

const message = (verDTD = '1.2') =>
  `<?xml version="1.0"?><SyncML xmlns="SYNCML:SYNCML${verDTD}"><SyncHdr><VerDTD>${verDTD}</VerDTD><VerProto>SyncML/${verDTD}</VerProto>` +
  `<SessionID>7</SessionID><MsgID>1</MsgID><Target><LocURI>http://gw/syncml</LocURI></Target><Source><LocURI>IMEI:1</LocURI></Source></SyncHdr>` +
  `<SyncBody><Final/></SyncBody></SyncML>`;

const post = (path: string, body: string, type = 'application/vnd.syncml+xml') =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": type }, body });

test('SyncML XML on /syncml, /syncml/index.html and with any query string reaches the engine', async () => {
  for (const path of ['/syncml', '/syncml/', '/syncml/index.html', '/syncml?sync=2,&format=sif', '/syncml/index.html?sid=abc#x']) {
    const before = seen.length;
    const res = await post(path, message());
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), 'application/vnd.syncml+xml');
    assert.match(await res.text(), /<Data>200<\/Data>/);
    assert.equal(seen.length, before + 1, path);
  }
  assert.equal(seen.at(-1)?.request.sessionId, 'abc');
  assert.match(seen.at(-2)?.request.url ?? '', /\/syncml\?sync=2,&format=sif$/);
});

test('content type with parameters and in other case is accepted', async () => {
  const res = await post('/syncml', message(), 'Application/VND.SyncML+XML; charset=UTF-8');
  assert.equal(res.status, 200);
});

test('not SyncML at all: HTTP errors, the engine never called', async () => {
  const before = seen.length;
  assert.equal((await post('/syncml', message(), 'text/html')).status, 415);
  assert.equal((await post('/syncml', 'this is not xml')).status, 400);
  assert.equal((await post('/syncml', '<html><body/></html>')).status, 400);
  assert.equal((await post('/syncml', '')).status, 400);
  assert.equal((await post('/syncml', 'A'.repeat(70 * 1024))).status, 413);
  assert.equal((await post('/elsewhere', message())).status, 404);
  assert.equal(seen.length, before);
});

test('a readable header with an unknown version gets a SyncML 505, not an HTTP error', async () => {
  const res = await post('/syncml', message('9.9'));
  assert.equal(res.status, 200);
  assert.match(await res.text(), /<Cmd>SyncHdr<\/Cmd>.*<Data>505<\/Data>/);
});

test('GET of the SyncML URL explains itself', async () => {
  const res = await fetch(`${base}/syncml`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /SyncML gateway/);
});
