// The HTTP app over the real engine and in-memory stores, in a worker thread: a message that
// blocks the event loop then shows as a request timeout in the test (which terminates the
// worker) instead of freezing the test process. Talks to the test through `postMessage`.
import { parentPort } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../gateway/http/app.ts';
import type { SyncMLProcessor } from '../../../gateway/http/syncml-request.ts';
import type { Logger } from '../../../gateway/ports/logger.ts';
import { engineHarness, vcard, type EngineHarness } from '../../support/engine-harness.ts';
import { ALICE, BOB, BOB_SECRET, type Snapshot, type StoreSnapshot, type WorkerRequest } from './gateway-messages.ts';

const port = parentPort;
if (port === null) throw new Error('gateway-worker.ts runs in a worker thread');

const logLevels: string[] = [];
const logger: Logger = {
  debug: () => void logLevels.push('debug'),
  info: () => void logLevels.push('info'),
  warn: () => void logLevels.push('warn'),
  error: () => void logLevels.push('error'),
  child: () => logger,
};

function fresh(): EngineHarness {
  const h = engineHarness();
  h.accounts.storeOf(ALICE).put('alice-1.vcf', vcard('Alice Own'));
  h.accounts.storeOf(BOB).put('bob-1.vcf', vcard(BOB_SECRET));
  return h;
}

let harness = fresh();
const processor: SyncMLProcessor = {
  process: (message, request) => harness.engine.process(message, request),
  refuse: (hdr, version, code) => harness.engine.refuse(hdr, version, code),
};

function snapshot(): Snapshot {
  const stores: StoreSnapshot = {};
  for (const [key, store] of harness.accounts.stores) {
    stores[key] = {
      items: JSON.stringify([...store.items.values()].map((i) => [i.id, i.etag]).sort()),
      calls: JSON.stringify(store.calls),
    };
  }
  return { stores, logLevels: [...logLevels] };
}

process.on('unhandledRejection', (error) => port.postMessage({ type: 'async-failure', error: String(error) }));

const server = createApp(processor, { path: '/syncml', maxBodyBytes: 4 * 1024 * 1024, trustProxy: false }, logger).listen(0, '127.0.0.1', () => {
  port.postMessage({ type: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'reset') harness = fresh();
  port.postMessage({ type: 'reply', id: request.id, value: request.type === 'snapshot' ? snapshot() : undefined });
});
