// Fuzz run (issue 6): a few thousand seeded mutations of the recorded client messages, each
// through decode -> readMessage -> engine in a worker thread (fuzz-worker.ts). Every case must
// end in a CodecError / ProtocolError (HTTP 4xx or a SyncML refusal) or a SyncML reply, never
// an uncaught exception or a hang. A failure prints its seed and case and writes its input to
// the temp directory; replay it alone with FUZZ_SEED=<seed> FUZZ_CASE=<case>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { CodecError, decode } from '../../../gateway/codec/index.ts';
import { traceBytes, traceFiles } from '../protocol/trace-files.ts';
import { loadCorpus } from './fuzz-corpus.ts';
import { caseRandom, mutate } from './fuzz-mutations.ts';
import type { FuzzJob } from './fuzz-worker.ts';
import { startTsWorker } from './ts-worker.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const ONLY = process.env.FUZZ_CASE === undefined ? undefined : Number(process.env.FUZZ_CASE);
const CASES = Number(process.env.FUZZ_CASES ?? 3000);
/** Cases stop being started after this long; the run reports how many it did. */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 30_000);
/** One case (its session replay included) taking longer is a hang. */
const HANG_MS = 5000;
/** The worker's start: tsx compiles the gateway, the corpus is read. */
const START_MS = 60_000;

interface Failure {
  index: number;
  kind: 'exception' | 'hang' | 'worker died';
  error: string;
}

/** WBXML cases join once the codec decodes WBXML (gateway/codec/index.ts). */
function wbxmlAvailable(): boolean {
  const sample = traceFiles('.wbxml')[0];
  if (sample === undefined) return false;
  try {
    decode(traceBytes(sample), 'wbxml');
    return true;
  } catch (error) {
    return !(error instanceof CodecError && error.reason === 'unsupported-encoding');
  }
}

type WorkerEnd = { kind: 'done'; next: number; corpus: number } | { kind: 'hang' | 'died'; index: number; error: string };

/** Follows a worker's cases into `counts` and `failures` until it is done, hangs or dies. */
function watch(worker: Worker, counts: Record<string, number>, failures: Failure[], first: number): Promise<WorkerEnd> {
  return new Promise((resolve) => {
    let current = first;
    let timer = setTimeout(() => stop('hang'), START_MS);
    const stop = (kind: 'hang' | 'died', error = `no progress for ${HANG_MS} ms`): void => {
      clearTimeout(timer);
      worker.removeAllListeners();
      void worker.terminate();
      resolve({ kind, index: current, error });
    };
    worker.on('message', (m: { type: string; index?: number; outcome?: string; error?: string; next?: number; corpus?: number }) => {
      clearTimeout(timer);
      timer = setTimeout(() => stop('hang'), HANG_MS);
      if (m.type === 'case') current = m.index ?? current;
      else if (m.type === 'result') counts[m.outcome ?? '?'] = (counts[m.outcome ?? '?'] ?? 0) + 1;
      else if (m.type === 'failure') failures.push({ index: m.index ?? current, kind: 'exception', error: m.error ?? '' });
      else if (m.type === 'async-failure') failures.push({ index: current, kind: 'exception', error: `unhandled rejection: ${m.error ?? ''}` });
      else if (m.type === 'done') {
        clearTimeout(timer);
        void worker.terminate();
        resolve({ kind: 'done', next: m.next ?? current, corpus: m.corpus ?? 0 });
      }
    });
    worker.once('error', (error) => stop('died', error.stack ?? error.message));
    worker.once('exit', (code) => stop('died', `worker exited with code ${code}`));
  });
}

/** Writes a failing case's input where it can be inspected, and says how to replay it. */
function report(failure: Failure, withWbxml: boolean): string {
  const corpus = loadCorpus(withWbxml);
  const rng = caseRandom(SEED, failure.index);
  const target = corpus[Math.floor(rng() * corpus.length)]!;
  const { bytes, steps } = mutate(target.bytes, rng, target.encoding);
  const file = join(tmpdir(), `syncml-fuzz-${SEED}-${failure.index}.${target.encoding}`);
  writeFileSync(file, bytes);
  return [
    `case ${failure.index} (seed ${SEED}): ${failure.kind}`,
    `  message: ${target.path} after ${target.before.length} earlier message(s) of its session`,
    `  mutations: ${steps.join('; ')}`,
    `  input: ${file}`,
    `  replay: FUZZ_SEED=${SEED} FUZZ_CASE=${failure.index} node --import tsx --test test/unit/security/fuzz.test.ts`,
    `  ${failure.error.split('\n').slice(0, 6).join('\n  ')}`,
  ].join('\n');
}

test(`fuzz: seeded mutations of the recorded client messages (seed ${SEED})`, { timeout: BUDGET_MS + 5 * START_MS }, async (t) => {
  const withWbxml = wbxmlAvailable();
  const failures: Failure[] = [];
  const counts: Record<string, number> = {};
  const to = ONLY === undefined ? CASES : ONLY + 1;
  const deadline = Date.now() + BUDGET_MS;
  let from = ONLY ?? 0;
  let corpusSize = 0;
  while (from < to) {
    const job: FuzzJob = { seed: SEED, from, to, deadline, withWbxml };
    const end = await watch(startTsWorker(new URL('./fuzz-worker.ts', import.meta.url), job), counts, failures, from);
    if (end.kind === 'done') {
      corpusSize = end.corpus;
      from = end.next;
      if (Date.now() >= deadline) break;
    } else {
      failures.push({ index: end.index, kind: end.kind === 'hang' ? 'hang' : 'worker died', error: end.error });
      from = end.index + 1;
    }
  }
  const ran = Object.values(counts).reduce((a, b) => a + b, 0) + failures.length;
  t.diagnostic(`${ran} cases of ${to - (ONLY ?? 0)} (corpus: ${corpusSize} client messages${withWbxml ? ', WBXML included' : ', XML only: WBXML not decoded yet'}): ${JSON.stringify(counts)}`);
  const reports = failures.map((f) => report(f, withWbxml));
  for (const line of reports.join('\n').split('\n')) t.diagnostic(line);
  assert.equal(failures.length, 0, `fuzz failures:\n${reports.join('\n')}`);
  if (ONLY === undefined) assert.ok(ran >= Math.min(CASES, 1000), `only ${ran} cases ran within ${BUDGET_MS} ms`);
});
