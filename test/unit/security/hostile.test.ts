// Hostile input (issue 6): every message of test/fixtures/hostile/manifest.json is posted to the
// HTTP app over the real engine and in-memory stores. Each must get its expected HTTP / SyncML
// status within a hang bound, write nothing it should not, leave bob's store alone, reach no
// URL it names, and leave the gateway serving. The gateway runs in a worker thread
// (gateway-worker.ts), so a message that blocks its event loop is caught by the request
// timeout and the worker replaced, and the cases after it still run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'node:worker_threads';
import { decode, encodingFromContentType } from '../../../gateway/codec/index.ts';
import { readMessage } from '../../../gateway/protocol/read.ts';
import type { Status, SyncMLMessage } from '../../../gateway/protocol/model.ts';
import { ALICE, BOB, BOB_SECRET, type Snapshot, type WorkerRequest } from './gateway-messages.ts';
import { nextMessage, startTsWorker } from './ts-worker.ts';

interface HostileCase {
  file: string;
  contentType: string;
  http: number;
  syncml?: Array<{ cmd: string; status: number }>;
  setup?: Array<'alice' | 'bob'>;
  query?: string;
  writes?: 'alice';
  /** The reply must not be larger (the client's MaxMsgSize). */
  replyWithin?: number;
  todo?: string;
  why: string;
}

const FIXTURES = new URL('../../fixtures/hostile/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', FIXTURES), 'utf8')) as { cases: HostileCase[] };
/** A request that takes longer is taken for a hang (a correctness bound, not a speed test). */
const HANG_BOUND_MS = 5000;

/** The gateway under test, in a worker thread; replaced when a case hangs or kills it. */
class Gateway {
  private nextId = 0;
  readonly asyncFailures: string[] = [];
  exited = false;

  private constructor(
    private readonly worker: Worker,
    readonly url: string,
  ) {
    worker.on('message', (m: { type: string; error?: string }) => {
      if (m.type === 'async-failure') this.asyncFailures.push(m.error ?? '');
    });
    worker.on('error', (error) => this.asyncFailures.push(`gateway worker died: ${error.message}`));
    worker.once('exit', () => {
      this.exited = true;
    });
  }

  static async start(): Promise<Gateway> {
    const worker = startTsWorker(new URL('./gateway-worker.ts', import.meta.url));
    const { url } = await nextMessage<{ url: string }>(worker, 'listening');
    return new Gateway(worker, url);
  }

  async call<T>(type: WorkerRequest['type']): Promise<T> {
    const id = ++this.nextId;
    const reply = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not answer ${type}`)), HANG_BOUND_MS);
      const onMessage = (m: { type: string; id?: number; value?: T }): void => {
        if (m.type !== 'reply' || m.id !== id) return;
        clearTimeout(timer);
        this.worker.off('message', onMessage);
        resolve(m.value as T);
      };
      this.worker.on('message', onMessage);
    });
    this.worker.postMessage({ id, type } satisfies WorkerRequest);
    return reply;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

let gateway: Gateway;
let canary: Server;
let canaryUrl: string;
let canaryContacts = 0;
const asyncFailures: string[] = [];

before(async () => {
  gateway = await Gateway.start();
  canary = createServer((_req, res) => res.end('canary'));
  canary.on('connection', () => canaryContacts++);
  canaryUrl = await new Promise((resolve) => canary.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(canary.address() as AddressInfo).port}`)));
});

after(async () => {
  await gateway.stop();
  canary.close();
  canary.closeAllConnections();
});

/** A fresh gateway after one hung or died: the cases after it still run. */
async function replaceGateway(): Promise<void> {
  await gateway.stop();
  asyncFailures.push(...gateway.asyncFailures);
  gateway = await Gateway.start();
}

/** Template expansion over Latin-1 text, so every byte of the file survives (README.md). */
function expand(template: string, vars: Record<string, string>): string {
  const repeated = template.replace(/\{\{repeat (\d+)\}\}([\s\S]*?)\{\{\/repeat\}\}/g, (_m, count: string, part: string) => {
    const out: string[] = [];
    for (let i = 0; i < Number(count); i++) out.push(part.replaceAll('{{i}}', String(i)));
    return out.join('');
  });
  return repeated.replace(/\{\{([\w.]+)\}\}/g, (m, name: string) => vars[name] ?? m);
}

function body(file: string, vars: Record<string, string>): Buffer {
  return Buffer.from(expand(readFileSync(new URL(file, FIXTURES)).toString('latin1'), vars), 'latin1');
}

async function post(path: string, payload: Buffer, contentType: string): Promise<{ status: number; bytes: Buffer; type: string | null; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(payload),
    signal: AbortSignal.timeout(HANG_BOUND_MS),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes, type: res.headers.get('content-type'), ms: performance.now() - started };
}

function readReply(bytes: Buffer, type: string | null): SyncMLMessage {
  const encoding = encodingFromContentType(type ?? undefined);
  assert.ok(encoding !== undefined, `reply content type ${String(type)}`);
  // Generous limits: a reply too big for the client is checked separately (replyWithin).
  return readMessage(decode(bytes, encoding, { maxBytes: 256 * 1024 * 1024, maxElements: 10_000_000 }));
}

const statuses = (reply: SyncMLMessage): Status[] => reply.body.filter((c): c is Status => c.kind === 'Status');
const describe = (reply: SyncMLMessage): string => statuses(reply).map((s) => `${s.cmd}#${s.cmdRef}=${s.data}`).slice(0, 12).join(' ');

async function runSetup(name: 'alice' | 'bob', vars: Record<string, string>): Promise<void> {
  const res = await post('/syncml', body(`setup/${name}.xml`, vars), 'application/vnd.syncml+xml');
  assert.equal(res.status, 200, `setup ${name}`);
  const reply = readReply(res.bytes, res.type);
  assert.ok(statuses(reply).some((s) => s.cmd === 'SyncHdr' && s.data === '212'), `setup ${name} authenticated: ${describe(reply)}`);
  vars[`${name}.sid`] = new URL(reply.hdr.respURI ?? 'http://x/').searchParams.get('sid') ?? '';
}

const slowest: Array<{ name: string; ms: number }> = [];

for (const [index, c] of manifest.cases.entries()) {
  const expected = c.http === 200 ? `200 ${(c.syncml ?? []).map((s) => `${s.cmd} ${s.status}`).join(', ')}` : String(c.http);
  const name = `${c.file} as ${c.contentType} -> ${expected}`;
  test(name, c.todo === undefined ? {} : { todo: c.todo }, async () => {
    if (gateway.exited) await replaceGateway();
    await gateway.call('reset');
    const vars: Record<string, string> = { sessionID: `h${index}`, canary: canaryUrl };
    for (const who of c.setup ?? []) await runSetup(who, vars);
    const before = await gateway.call<Snapshot>('snapshot');
    const canaryBefore = canaryContacts;

    let res: Awaited<ReturnType<typeof post>>;
    try {
      res = await post(`/syncml${expand(c.query ?? '', vars)}`, body(c.file, vars), c.contentType);
    } catch (error) {
      await replaceGateway();
      throw new Error(`no answer within ${HANG_BOUND_MS} ms: the gateway hung or died (${String(error)})`);
    }
    slowest.push({ name: c.file, ms: res.ms });

    let reply: SyncMLMessage | undefined;
    if (res.status === 200) reply = readReply(res.bytes, res.type);
    assert.equal(res.status, c.http, `HTTP status (reply: ${reply === undefined ? res.bytes.subarray(0, 120).toString() : describe(reply)})`);
    for (const want of c.syncml ?? []) {
      assert.ok(reply !== undefined);
      const found = statuses(reply).some((s) => s.cmd === want.cmd && s.data === String(want.status));
      assert.ok(found, `a Status ${want.status} for ${want.cmd}; got ${describe(reply)}`);
    }

    if (c.replyWithin !== undefined) assert.ok(res.bytes.length <= c.replyWithin, `reply of ${res.bytes.length} bytes, client takes ${c.replyWithin}`);

    const afterwards = await gateway.call<Snapshot>('snapshot');
    if (res.status >= 400) {
      const logged = afterwards.logLevels.slice(before.logLevels.length);
      assert.ok(logged.includes('warn') || logged.includes('error'), 'a refusal is logged');
    }
    for (const [key, now] of Object.entries(afterwards.stores)) {
      const user = key.slice(0, key.indexOf('/'));
      assert.ok(user === ALICE || user === BOB, `a store of ${user} was opened`);
      const was = before.stores[key];
      if (user === BOB) assert.deepEqual(now, was, "bob's store untouched (no call, no change)");
      else if (c.writes !== 'alice') assert.equal(now.items, was?.items ?? '[]', `nothing written to ${key}`);
    }
    assert.ok(!res.bytes.toString('latin1').includes(BOB_SECRET), "nothing of bob's in the reply");
    assert.equal(canaryContacts, canaryBefore, 'no connection to a URL named in the message');
    const health = await fetch(`${gateway.url}/healthz`, { signal: AbortSignal.timeout(HANG_BOUND_MS) });
    assert.equal(health.status, 200, 'still serving');
  });
}

test('the corpus has at least 40 messages; the gateway never died or failed asynchronously', (t) => {
  assert.ok(new Set(manifest.cases.map((c) => c.file)).size >= 40);
  assert.deepEqual([...asyncFailures, ...gateway.asyncFailures], []);
  slowest.sort((a, b) => b.ms - a.ms);
  for (const s of slowest.slice(0, 5)) t.diagnostic(`slowest: ${s.name} ${Math.round(s.ms)} ms`);
});
