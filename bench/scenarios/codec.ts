// Scenario 5: codec throughput over the recorded messages (test/fixtures/traces): bytes -> element
// tree -> typed message -> element tree -> bytes, in MB/s of the encoded corpus, against
// JSON.parse/JSON.stringify of the same typed messages as a yardstick, doing the same work:
// JSON bytes -> the same typed message -> JSON bytes (UTF-8 both ways, item data bytes carried
// as base64 and restored, checked to give back an equal message). WBXML joins in by itself
// once `decode(bytes, 'wbxml')` works. Alone, without the servers: `bash bench/run.sh codec`.
import { deepStrictEqual } from 'node:assert';
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

/**
 * Median milliseconds per pass of each of `passes`, over rounds of at least `roundMs` each. The
 * rounds are interleaved (a round of each in turn), so that load from elsewhere on the machine
 * falls on all of them alike and their ratios hold.
 */
function timePerPass(passes: (() => void)[], roundMs: number, rounds = 5): number[] {
  for (const pass of passes) pass(); // warm-up: JIT, caches
  const perPass: number[][] = passes.map(() => []);
  for (let r = 0; r < rounds; r++) {
    passes.forEach((pass, i) => {
      let count = 0;
      const start = performance.now();
      let elapsed = 0;
      do {
        pass();
        count++;
        elapsed = performance.now() - start;
      } while (elapsed < roundMs && count < 100_000);
      perPass[i]?.push(elapsed / count);
    });
  }
  return perPass.map((times) => median(times));
}

let sink = 0;

// The JSON yardstick as a codec of the same typed messages: item data bytes (WBXML opaque
// data, Uint8Array) have no JSON form, so they travel as {"$base64": "..."} and come back as
// bytes. A walk on each side does that (cheaper than a replacer and reviver on every value).
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

function binaryToJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map(binaryToJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = binaryToJson((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

function binaryFromJson(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = binaryFromJson(value[i]);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record['$base64'] === 'string') return new Uint8Array(Buffer.from(record['$base64'], 'base64'));
    for (const key in record) record[key] = binaryFromJson(record[key]);
  }
  return value;
}

const jsonEncode = (model: SyncMLMessage): Uint8Array => utf8Encoder.encode(JSON.stringify(binaryToJson(model)));
const jsonDecode = (bytes: Uint8Array): SyncMLMessage => binaryFromJson(JSON.parse(utf8Decoder.decode(bytes))) as SyncMLMessage;

interface CodecFigures {
  codecMBs: number;
  decodeMBs: number;
  encodeMBs: number;
  jsonMBs: number;
  jsonBytes: number;
  /** The yardstick before it measured the same work: string -> model -> string, bytes as index objects. */
  jsonStringsMBs: number;
}

function measure(c: Corpus, encoding: Encoding, roundMs: number): CodecFigures {
  const mb = c.bytes / 1e6;
  const jsonTexts = c.messages.map((m) => jsonEncode(m.model));
  c.messages.forEach((m, i) => deepStrictEqual(jsonDecode(jsonTexts[i] as Uint8Array), m.model)); // the same model back
  const [decodeMs = 0, encodeMs = 0, bothMs = 0, jsonMs = 0, jsonStringsMs = 0] = timePerPass([
    () => {
      for (const m of c.messages) sink += readMessage(decode(m.bytes, encoding)).body.length;
    },
    () => {
      for (const m of c.messages) sink += encode(writeMessage(m.model), encoding).byteLength;
    },
    () => {
      for (const m of c.messages) sink += encode(writeMessage(readMessage(decode(m.bytes, encoding))), encoding).byteLength;
    },
    () => {
      for (const bytes of jsonTexts) sink += jsonEncode(jsonDecode(bytes)).byteLength;
    },
    () => {
      for (const m of c.messages) sink += (JSON.parse(JSON.stringify(m.model)) as SyncMLMessage).body.length;
    },
  ], roundMs);
  return {
    codecMBs: mb / (bothMs / 1000),
    decodeMBs: mb / (decodeMs / 1000),
    encodeMBs: mb / (encodeMs / 1000),
    jsonMBs: mb / (jsonMs / 1000),
    jsonBytes: jsonTexts.reduce((sum, t) => sum + t.byteLength, 0),
    jsonStringsMBs: mb / (jsonStringsMs / 1000),
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
          `JSON bytes -> the same models -> JSON bytes ${f.jsonMBs.toFixed(1)} MB/s of ${name} bytes (${(f.jsonBytes / 1e6).toFixed(2)} MB as JSON); ` +
          `the earlier yardstick, JSON.parse(JSON.stringify(model)) on strings with item bytes as index objects, ${f.jsonStringsMBs.toFixed(1)} MB/s`,
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
