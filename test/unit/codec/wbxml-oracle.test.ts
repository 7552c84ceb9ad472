// libwbxml (Debian libwbxml2-utils, installed by scripts/stack.sh) as an independent oracle:
// (a) WBXML the gateway writes decodes with wbxml2xml to the document the gateway meant;
// (b) WBXML from SyncEvolution decodes in the gateway to the document wbxml2xml gives;
// (c) WBXML libwbxml's own encoder writes (string tables, numeric FPIs, WBXML 1.3) decodes in
//     the gateway to the XML it was made from.
// Trees are compared by structure (wbxml-corpus.ts): names, namespaces, text, order.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { before, describe, test } from 'node:test';
import type { Element } from '../../../gateway/codec/element.ts';
import { readWbxml } from '../../../gateway/codec/wbxml-reader.ts';
import { writeWbxml } from '../../../gateway/codec/wbxml-writer.ts';
import { readXml } from '../../../gateway/codec/xml-reader.ts';
import { readMessage } from '../../../gateway/protocol/read.ts';
import { writeMessage } from '../../../gateway/protocol/write.ts';
import { bytesOf, filesUnder, fixturesDir, hasDevInf, plainModel, relativeName, shape, wbxmlFixtures, xmlTreeOf, type Shape } from './wbxml-corpus.ts';

const run = promisify(execFile);

/** Runs a libwbxml tool, bytes in on stdin (when given), bytes out on stdout. */
async function tool(command: string, args: string[], input?: Uint8Array): Promise<Buffer> {
  const child = run(command, args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  if (input !== undefined) child.child.stdin?.end(input);
  return (await child).stdout;
}

/** libwbxml's decoder: compact output (-m 0), whitespace kept (-k), stdin to stdout. */
async function wbxml2xml(bytes: Uint8Array): Promise<Element> {
  return readXml(await tool('wbxml2xml', ['-k', '-m', '0', '-o', '-', '-'], bytes));
}

/** libwbxml's encoder, with its string table, whitespace kept. */
async function xml2wbxml(path: string, version: '1.2' | '1.3'): Promise<Uint8Array> {
  return new Uint8Array(await tool('xml2wbxml', ['-k', '-v', version, '-o', '-', path]));
}

/** `fn` over `items`, a few processes at a time, results in order. */
async function mapConcurrently<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) * 2 }, worker));
  return results;
}

/** libwbxml's encoder writes the line ends of vObject data as CRLF: compare line ends as LF. */
function lineEndsAsLf(s: Shape): Shape {
  const out: Shape = { ...s, children: s.children.map(lineEndsAsLf) };
  if (s.text !== undefined) out.text = s.text.replace(/\r\n/g, '\n');
  return out;
}

/** Every recorded XML message (not the renderings of WBXML ones). */
const xmlTraces = filesUnder(fixturesDir, '.xml').filter((p) => !p.endsWith('.synthesis.xml') && !p.endsWith('.wbxml2xml.xml'));

/** Old clients (Horde traces) leave MetInf elements in the SyncML namespace; WBXML cannot say that. */
const optionsFor = (path: string) => ({ ignoreNamespaces: path.includes('horde-syncml') });

interface Tally {
  total: number;
  byVersion: Record<string, number>;
  withDevInf: number;
}

function tally(trees: Element[]): Tally {
  const byVersion: Record<string, number> = {};
  for (const t of trees) byVersion[t.ns ?? '?'] = (byVersion[t.ns ?? '?'] ?? 0) + 1;
  return { total: trees.length, byVersion, withDevInf: trees.filter(hasDevInf).length };
}

/** At least 50 messages, every SyncML version, DevInf included: an empty glob cannot pass. */
function assertCorpus(t: Tally, versions: string[]): void {
  assert.ok(t.total >= 50, `only ${t.total} messages`);
  for (const v of versions) assert.ok((t.byVersion[`SYNCML:SYNCML${v}`] ?? 0) >= 10, `SyncML ${v}: ${JSON.stringify(t.byVersion)}`);
  assert.ok(t.withDevInf >= 10, `only ${t.withDevInf} messages with DevInf`);
}

describe('libwbxml as an oracle', () => {
  before(() => {
    const probe = spawnSync('wbxml2xml', [], { stdio: 'ignore' });
    assert.ok(probe.error === undefined, 'wbxml2xml/xml2wbxml missing: install libwbxml2-utils (scripts/stack.sh does)');
  });

  test('(a) what the gateway writes decodes with wbxml2xml to the document it meant', async () => {
    // Every recorded message, XML or WBXML, as the gateway writes it: read, typed, written back.
    const sources = [...xmlTraces.map((p) => ({ path: p, tree: xmlTreeOf(p) })), ...wbxmlFixtures.map((p) => ({ path: p, tree: readWbxml(bytesOf(p)) }))];
    const meant = sources.map(({ tree }) => writeMessage(readMessage(tree)));
    const decoded = await mapConcurrently(meant, (tree) => wbxml2xml(writeWbxml(tree)));
    for (const [i, { path }] of sources.entries()) {
      assert.deepEqual(shape(decoded[i]!, optionsFor(path)), shape(meant[i]!, optionsFor(path)), relativeName(path));
    }
    const counts = tally(meant);
    assertCorpus(counts, ['1.0', '1.1', '1.2']);
    assert.equal(counts.total, 524);
  });

  test('(b) what SyncEvolution writes decodes in the gateway to what wbxml2xml gives', async () => {
    const theirs = await mapConcurrently(wbxmlFixtures, (path) => wbxml2xml(bytesOf(path)));
    const ours = wbxmlFixtures.map((path) => readWbxml(bytesOf(path)));
    for (const [i, path] of wbxmlFixtures.entries()) {
      assert.deepEqual(shape(ours[i]!), shape(theirs[i]!), relativeName(path));
      assert.deepEqual(plainModel(readMessage(ours[i]!)), plainModel(readMessage(theirs[i]!)), relativeName(path));
    }
    const counts = tally(ours);
    assertCorpus(counts, ['1.1', '1.2']);
    assert.equal(counts.total, 158);
  });

  test('(c) what libwbxml writes (string tables, nested DevInf, SyncML 1.0-1.2) decodes in the gateway to its XML source', async () => {
    const encoded = await mapConcurrently(xmlTraces, (path, i) => xml2wbxml(path, i % 2 === 0 ? '1.2' : '1.3'));
    const decoded: Element[] = [];
    for (const [i, path] of xmlTraces.entries()) {
      const source = xmlTreeOf(path);
      const ours = readWbxml(encoded[i]!);
      // libwbxml names the namespace even where Horde's server left it out.
      source.ns ??= ours.ns;
      const options = { ...optionsFor(path), sameDevInfTypes: true };
      assert.deepEqual(lineEndsAsLf(shape(ours, options)), lineEndsAsLf(shape(source, options)), relativeName(path));
      decoded.push(ours);
    }
    const counts = tally(decoded);
    assertCorpus(counts, ['1.0', '1.1', '1.2']);
    assert.equal(counts.total, 366);
  });
});
