// Runs fuzz cases in a worker thread (so the test can stop one that hangs): each case mutates a
// recorded client message and sends it, after the unmutated messages before it in its session,
// through decode -> readMessage -> engine -> writeMessage -> encode, as the HTTP layer does.
// Allowed ends: a CodecError or ProtocolError (an HTTP 4xx, or a SyncML refusal when the
// header was readable) or a SyncML reply that encodes and reads back. Anything thrown
// otherwise is a failure (the HTTP layer would answer 500).
import { parentPort, workerData } from 'node:worker_threads';
import { CodecError, decode, encode } from '../../../gateway/codec/index.ts';
import type { Encoding } from '../../../gateway/codec/element.ts';
import { ProtocolError } from '../../../gateway/protocol/errors.ts';
import { missingHeaderFields } from '../../../gateway/protocol/header.ts';
import type { SyncHdr, SyncMLMessage } from '../../../gateway/protocol/model.ts';
import { readMessage } from '../../../gateway/protocol/read.ts';
import { writeMessage } from '../../../gateway/protocol/write.ts';
import { engineHarness, type EngineHarness } from '../../support/engine-harness.ts';
import { FUZZ_USER, loadCorpus, type CorpusMessage } from './fuzz-corpus.ts';
import { caseRandom, mutate } from './fuzz-mutations.ts';

export interface FuzzJob {
  seed: number;
  from: number;
  to: number;
  /** Stop starting cases after this time (ms since the epoch). */
  deadline: number;
  withWbxml: boolean;
}

const port = parentPort;
if (port === null) throw new Error('fuzz-worker.ts runs in a worker thread');
const job = workerData as FuzzJob;

type Outcome = 'codec-error' | 'protocol-error' | 'syncml-refusal' | 'reply';

/** Reads the reply back as a client would: what the gateway writes, it must be able to read. */
function roundTrip(reply: SyncMLMessage, encoding: Encoding): void {
  readMessage(decode(encode(writeMessage(reply), encoding), encoding, { maxBytes: 64 * 1024 * 1024, maxElements: 10_000_000 }));
}

async function exchange(h: EngineHarness, bytes: Uint8Array, encoding: Encoding): Promise<Outcome> {
  let message: SyncMLMessage;
  try {
    message = readMessage(decode(bytes, encoding));
  } catch (error) {
    if (error instanceof ProtocolError && missingHeaderFields(error.hdr).length === 0) {
      roundTrip(h.engine.refuse(error.hdr as SyncHdr, error.version ?? '1.2', error.status), encoding);
      return 'syncml-refusal';
    }
    if (error instanceof CodecError) return 'codec-error';
    if (error instanceof ProtocolError) return 'protocol-error';
    throw error;
  }
  roundTrip(await h.engine.process(message, { url: 'http://gateway.test/syncml' }), encoding);
  return 'reply';
}

/** Case `index`: its message (picked and mutated by the case's PRNG) after its session's earlier ones. */
async function runCase(corpus: CorpusMessage[], index: number): Promise<string> {
  const rng = caseRandom(job.seed, index);
  const target = corpus[Math.floor(rng() * corpus.length)]!;
  const { bytes } = mutate(target.bytes, rng, target.encoding);
  const h = engineHarness({ [FUZZ_USER.user]: FUZZ_USER.password });
  for (const earlier of target.before) await exchange(h, earlier.bytes, earlier.encoding);
  return `${target.encoding} ${await exchange(h, bytes, target.encoding)}`;
}

process.on('unhandledRejection', (error) => port.postMessage({ type: 'async-failure', error: String(error) }));

const corpus = loadCorpus(job.withWbxml);
let index = job.from;
for (; index < job.to && Date.now() < job.deadline; index++) {
  port.postMessage({ type: 'case', index });
  try {
    port.postMessage({ type: 'result', index, outcome: await runCase(corpus, index) });
  } catch (error) {
    // The test derives the input again from (seed, index) to report it.
    port.postMessage({ type: 'failure', index, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
port.postMessage({ type: 'done', next: index, corpus: corpus.length });
