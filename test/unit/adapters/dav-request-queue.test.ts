// The DAV client's per-server request limit: FIFO order, the bound, the timeout counted from
// when a request leaves the queue, and retries of safe requests on 503 (a local HTTP server).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DavClient } from '../../../adapters/dav/request.ts';
import { RequestLimiter } from '../../../adapters/dav/request-limiter.ts';
import { StoreError } from '../../../gateway/ports/data-store.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let base = '';

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const credentials = { user: 'u@example.com', password: 'p' };
const noSleep = async () => {};

test('requests beyond the limit wait and go out in the order they came', async () => {
  const arrived: string[] = [];
  let inFlight = 0;
  let peak = 0;
  handler = (req, res) => {
    arrived.push(req.url ?? '');
    peak = Math.max(peak, ++inFlight);
    setTimeout(() => {
      inFlight--;
      res.end('ok');
    }, 5);
  };
  const limiter = new RequestLimiter({ maxPerOrigin: 1 });
  const client = new DavClient({ credentials, limiter });
  const paths = Array.from({ length: 6 }, (_, i) => `/item-${i}`);
  const replies = await Promise.all(paths.map((p) => client.send('GET', `${base}${p}`)));
  assert.deepEqual(arrived, paths);
  assert.equal(peak, 1);
  assert.ok(replies.every((r) => r.status === 200 && r.body === 'ok'));
  assert.deepEqual(limiter.load(base), { active: 0, waiting: 0 });
});

test('at most maxPerOrigin requests are in flight, shared by every client of the limiter', async () => {
  let inFlight = 0;
  let peak = 0;
  const held: Array<() => void> = [];
  handler = (_req, res) => {
    peak = Math.max(peak, ++inFlight);
    held.push(() => {
      inFlight--;
      res.end();
    });
  };
  const limiter = new RequestLimiter({ maxPerOrigin: 2 });
  const alice = new DavClient({ credentials, limiter });
  const bob = new DavClient({ credentials: { user: 'b', password: 'b' }, limiter });
  const all = Array.from({ length: 7 }, (_, i) => (i % 2 === 0 ? alice : bob).send('GET', `${base}/x${i}`));
  // The server answers one request once every request in flight has reached it.
  let done = false;
  const finished = Promise.all(all).then((r) => {
    done = true;
    return r;
  });
  while (!done) {
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(inFlight <= 2 && limiter.load(base).active <= 2);
    if (held.length > 0 && held.length === limiter.load(base).active) held.shift()?.();
  }
  assert.equal((await finished).length, 7);
  assert.equal(peak, 2);
});

test('the timeout runs from when a request leaves the queue, not while it waits', async () => {
  // Each request ahead takes most of the timeout; the last one waits for four of them, far
  // longer than its own timeout, and must still succeed.
  const timeoutMs = 1500;
  handler = (req, res) => {
    if (req.url === '/slow') setTimeout(() => res.end('slow'), 400);
    else res.end('fast');
  };
  const client = new DavClient({ credentials, timeoutMs, limiter: new RequestLimiter({ maxPerOrigin: 1 }) });
  const ahead = Array.from({ length: 5 }, () => client.send('GET', `${base}/slow`));
  const last = client.send('GET', `${base}/fast`);
  assert.equal((await last).body, 'fast');
  for (const reply of await Promise.all(ahead)) assert.equal(reply.body, 'slow');
});

test('a request that gets no answer in time still fails as unavailable and frees its slot', async () => {
  handler = (req, res) => {
    if (req.url === '/hang') return; // never answers
    res.end('after');
  };
  const limiter = new RequestLimiter({ maxPerOrigin: 1 });
  const client = new DavClient({ credentials, timeoutMs: 200, limiter });
  await assert.rejects(client.send('GET', `${base}/hang`), (error: unknown) => error instanceof StoreError && error.kind === 'unavailable' && /timed out/.test(error.message));
  assert.equal((await client.send('GET', `${base}/next`)).body, 'after');
});

test('503 is retried for reads and conditional writes, Retry-After respected and bounded', async () => {
  const hits = new Map<string, number>();
  const waits: number[] = [];
  handler = (req, res) => {
    const key = `${req.method} ${req.url}`;
    const n = (hits.get(key) ?? 0) + 1;
    hits.set(key, n);
    if (req.url === '/busy-long') {
      res.writeHead(503, { 'Retry-After': '3600' }).end();
    } else if (n <= 2) {
      res.writeHead(503, { 'Retry-After': '1' }).end();
    } else {
      res.writeHead(req.method === 'PUT' ? 201 : 200).end();
    }
  };
  const client = new DavClient({ credentials, sleep: async (ms) => void waits.push(ms), limiter: new RequestLimiter({ maxPerOrigin: 1 }) });
  assert.equal((await client.send('REPORT', `${base}/r`, { body: '<x/>', depth: '1' })).status, 200);
  assert.equal(hits.get('REPORT /r'), 3);
  assert.deepEqual(waits, [1000, 1000]);
  assert.equal((await client.send('PUT', `${base}/c.vcf`, { body: 'x', headers: { 'If-Match': '"e"' } })).status, 201);
  assert.equal(hits.get('PUT /c.vcf'), 3);
  // An unconditional PUT may have been applied: not repeated.
  assert.equal((await client.send('PUT', `${base}/u.vcf`, { body: 'x' })).status, 503);
  assert.equal(hits.get('PUT /u.vcf'), 1);
  // A Retry-After beyond the bound is not waited for.
  assert.equal((await client.send('GET', `${base}/busy-long`)).status, 503);
  assert.equal(hits.get('GET /busy-long'), 1);
  // At most `retries` repeats.
  const once = new DavClient({ credentials, retries: 1, sleep: noSleep });
  assert.equal((await once.send('GET', `${base}/twice`)).status, 503);
  assert.equal(hits.get('GET /twice'), 2);
});

test('a request that waits longer than maxWaitMs for a slot fails as unavailable; the queue moves on', async () => {
  const held: Array<() => void> = [];
  const arrived: string[] = [];
  handler = (req, res) => {
    arrived.push(req.url ?? '');
    held.push(() => res.end('ok'));
  };
  const limiter = new RequestLimiter({ maxPerOrigin: 1, maxWaitMs: 50 });
  const client = new DavClient({ credentials, limiter });
  const first = client.send('GET', `${base}/busy`);
  await assert.rejects(client.send('GET', `${base}/waited`), (error: unknown) => error instanceof StoreError && error.kind === 'unavailable' && /queue/.test(error.message));
  assert.deepEqual(limiter.load(base), { active: 1, waiting: 0 }, 'the given-up request left the queue');
  const third = client.send('GET', `${base}/next`);
  held.shift()!();
  assert.equal((await first).status, 200);
  // The slot went to the request still waiting, not to the one that gave up.
  while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  held.shift()!();
  assert.equal((await third).status, 200);
  assert.deepEqual(arrived, ['/busy', '/next']);
  assert.deepEqual(limiter.load(base), { active: 0, waiting: 0 });
});
