// Scenario 5: codec throughput over the recorded messages (test/fixtures/traces): bytes -> element
// tree -> typed message -> element tree -> bytes, in MB/s of the encoded corpus, against
// JSON.parse/JSON.stringify of the same typed messages as a yardstick. WBXML joins in by itself
// once `decode(bytes, 'wbxml')` works.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decode, encode, type Encoding } from '../../gateway/codec/index.ts';
import { readMessage, writeMessage, type SyncMLMessage } from '../../gateway/protocol/index.ts';
import { repoDir } from '../../test/support/stack.ts';
import { atMost } from '../lib/report.ts';
import { median } from '../lib/stats.ts';
import type { Scenario } from './context.ts';

const tracesDir = path.join(repoDir, 'test', 'fixtures', 'traces');

function files(dir: string, extension: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...files(full, extension));
    else if (name.endsWith(extension)) out.push(full);
  }
  return out.sort();
}

interface Corpus {
  messages: { bytes: Uint8Array; model: SyncMLMessage }[];
  bytes: number;
  refused: number;
}

/** The recorded messages this codec reads (some are malformed on purpose and are left out). */
function corpus(encoding: Encoding): Corpus {
  const extension = encoding === 'xml' ? '.xml' : '.wbxml';
  const messages: Corpus['messages'] = [];
  let refused = 0;
  for (const file of files(tracesDir, extension)) {
    const bytes = new Uint8Array(readFileSync(file));
    try {
      messages.push({ bytes, model: readMessage(decode(bytes, encoding)) });
    } catch {
      refused++;
    }
  }
  return { messages, bytes: messages.reduce((sum, m) => sum + m.bytes.byteLength, 0), refused };
}

/** Median milliseconds per pass of `pass`, over rounds of at least `roundMs` each. */
function timePerPass(pass: () => void, roundMs: number, rounds = 5): number {
  pass(); // warm-up: JIT, caches
  const perPass: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let passes = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      pass();
      passes++;
      elapsed = performance.now() - start;
    } while (elapsed < roundMs && passes < 100_000);
    perPass.push(elapsed / passes);
  }
  return median(perPass);
}

let sink = 0;

interface CodecFigures {
  codecMBs: number;
  decodeMBs: number;
  encodeMBs: number;
  jsonMBs: number;
  jsonBytes: number;
}

function measure(c: Corpus, encoding: Encoding, roundMs: number): CodecFigures {
  const mb = c.bytes / 1e6;
  const decodeMs = timePerPass(() => {
    for (const m of c.messages) sink += readMessage(decode(m.bytes, encoding)).body.length;
  }, roundMs);
  const encodeMs = timePerPass(() => {
    for (const m of c.messages) sink += encode(writeMessage(m.model), encoding).byteLength;
  }, roundMs);
  const bothMs = timePerPass(() => {
    for (const m of c.messages) sink += encode(writeMessage(readMessage(decode(m.bytes, encoding))), encoding).byteLength;
  }, roundMs);
  const jsonTexts = c.messages.map((m) => JSON.stringify(m.model));
  const jsonMs = timePerPass(() => {
    for (const m of c.messages) sink += (JSON.parse(JSON.stringify(m.model)) as SyncMLMessage).body.length;
  }, roundMs);
  return {
    codecMBs: mb / (bothMs / 1000),
    decodeMBs: mb / (decodeMs / 1000),
    encodeMBs: mb / (encodeMs / 1000),
    jsonMBs: mb / (jsonMs / 1000),
    jsonBytes: jsonTexts.reduce((sum, t) => sum + Buffer.byteLength(t), 0),
  };
}

/** Whether the WBXML codec has landed: it decodes a recorded WBXML message. */
export function wbxmlAvailable(): boolean {
  const sample = files(tracesDir, '.wbxml')[0];
  if (sample === undefined) return false;
  try {
    decode(new Uint8Array(readFileSync(sample)), 'wbxml');
    return true;
  } catch {
    return false;
  }
}

export const codec: Scenario = {
  id: '5',
  title: 'Codec throughput',
  async run(ctx) {
    const { report, config } = ctx;
    const encodings: Encoding[] = wbxmlAvailable() ? ['xml', 'wbxml'] : ['xml'];
    if (!encodings.includes('wbxml')) report.skip('5', 'WBXML decode + encode throughput', "needs: WBXML (decode(bytes, 'wbxml') not working yet)", '>= JSON');
    for (const encoding of encodings) {
      const c = corpus(encoding);
      const f = measure(c, encoding, config.codecRoundMs);
      const name = encoding.toUpperCase();
      report.detail(
        '5',
        `${name}: ${c.messages.length} recorded messages, ${(c.bytes / 1e6).toFixed(2)} MB (${c.refused} refused: malformed on purpose); ` +
          `decode+read ${f.decodeMBs.toFixed(1)} MB/s, write+encode ${f.encodeMBs.toFixed(1)} MB/s, both ${f.codecMBs.toFixed(1)} MB/s; ` +
          `JSON.stringify+parse of the same models ${f.jsonMBs.toFixed(1)} MB/s of ${name} bytes (${(f.jsonBytes / 1e6).toFixed(2)} MB as JSON)`,
      );
      // Ratio of times per corpus pass: the codec's time over JSON's (lower is faster).
      const ratio = f.jsonMBs / f.codecMBs;
      report.add({
        id: '5',
        what: `${name} decode + encode of the recorded messages (MB/s of ${name})`,
        value: `${f.codecMBs.toFixed(1)} MB/s`,
        baseline: `JSON ${f.jsonMBs.toFixed(1)} MB/s`,
        ratio,
        ...(encoding === 'wbxml' ? { target: '<= 1x (as fast as JSON)', ...atMost(ratio, 1) } : { target: 'none (WBXML has the target)', verdict: 'info' as const }),
      });
    }
    if (sink === -1) console.log(sink);
  },
};
