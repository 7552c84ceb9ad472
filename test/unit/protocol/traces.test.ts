// Every recorded message: parse and re-emit without loss (model and element tree), and the
// typed DevInf and size estimate hold on real traffic.
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import { element, type Element } from '../../../gateway/codec/element.ts';
import { CodecError, decode, encode } from '../../../gateway/codec/index.ts';
import { writeCommand } from '../../../gateway/protocol/commands/registry.ts';
import { readDevInf, writeDevInf } from '../../../gateway/protocol/devinf.ts';
import type { Command, Item, SyncMLMessage } from '../../../gateway/protocol/model.ts';
import { readMessage } from '../../../gateway/protocol/read.ts';
import { syncmlNamespace } from '../../../gateway/protocol/namespaces.ts';
import { estimateSize } from '../../../gateway/protocol/size.ts';
import { writeMessage } from '../../../gateway/protocol/write.ts';
import { TRUNCATED_DUMPS, traceFiles, traceBytes } from './trace-files.ts';
import { sortedTree, treeDiff } from './tree-diff.ts';

const xmlFiles = traceFiles('.xml');
const messages = xmlFiles.filter((f) => !TRUNCATED_DUMPS.has(f));

interface Parsed {
  file: string;
  tree: Element;
  msg: SyncMLMessage;
}

let parsed: Parsed[] | undefined;
/** Every message decoded and read once, shared by the tests below. */
function parsedMessages(): Parsed[] {
  parsed ??= messages.map((file) => {
    const tree = decode(traceBytes(file), 'xml');
    return { file, tree, msg: readMessage(tree) };
  });
  return parsed;
}

function allCommands(cmds: Command[]): Command[] {
  return cmds.flatMap((c) => ('commands' in c ? [c, ...allCommands(c.commands)] : [c]));
}

function allItems(msg: SyncMLMessage): Item[] {
  return allCommands(msg.body).flatMap((c) => ('items' in c ? c.items : []));
}

test('the fixture set is complete (an empty glob cannot pass)', () => {
  assert.equal(xmlFiles.length, 535);
  assert.equal(messages.length, 532);
  assert.equal(messages.filter((f) => f.startsWith('horde-syncml/')).length, 196);
  const fromClients = messages.filter((f) => basename(f).includes('client') || f.includes('/first-message/'));
  assert.equal(fromClients.length, 308);
  assert.equal(messages.filter((f) => f.endsWith('.wbxml2xml.xml')).length, 11, 'libwbxml renderings, DOCTYPE and all');
  assert.equal(traceFiles('.wbxml').length, 158);
});

test('every recorded XML message survives decode -> read -> write -> encode -> decode -> read', () => {
  let tested = 0;
  const failures: string[] = [];
  for (const { file, tree: original, msg: model } of parsedMessages()) {
    const reemitted = decode(encode(writeMessage(model), 'xml'), 'xml');
    const again = readMessage(reemitted);
    try {
      assert.deepEqual(again, model);
    } catch {
      failures.push(`${file}: model differs after re-emission`);
    }
    failures.push(...treeDiff(original, reemitted).map((d) => `${file}: ${d}`));
    tested += 1;
  }
  assert.deepEqual(failures, []);
  assert.equal(tested, 532);
});

test('truncated log dumps are refused as malformed', () => {
  for (const file of TRUNCATED_DUMPS) {
    assert.throws(
      () => decode(traceBytes(file), 'xml'),
      (err: unknown) => err instanceof CodecError && err.reason === 'malformed',
      file,
    );
  }
});

test('every DevInf in the traces reads into the typed model and writes back', () => {
  let count = 0;
  for (const { file, msg } of parsedMessages()) {
    for (const item of allItems(msg)) {
      if (item.dataElement?.name !== 'DevInf') continue;
      const devInf = readDevInf(item.dataElement);
      const written = writeDevInf(devInf, msg.version);
      assert.deepEqual(readDevInf(decode(encode(written, 'xml'), 'xml')), devInf, file);
      // Same content; element order may change where a device broke the DTD's (P900: DevTyp, DevID).
      assert.equal(sortedTree(written), sortedTree(item.dataElement), file);
      count += 1;
    }
  }
  assert.equal(count, 136);
});

test('estimateSize is the exact XML size of every recorded command', () => {
  let checked = 0;
  for (const { file, msg } of parsedMessages()) {
    // Each command measured where it sits in a message: inside an element in the SyncML namespace.
    const ns = syncmlNamespace(msg.version);
    const shell = encode(element('SyncML', [element('X')], ns), 'xml').length - '<X/>'.length;
    for (const cmd of allCommands(msg.body)) {
      const actual = encode(element('SyncML', [writeCommand(cmd)], ns), 'xml').length - shell;
      assert.equal(estimateSize(cmd), actual, `${file} command ${cmd.cmdID} (${cmd.kind})`);
      checked += 1;
    }
  }
  assert.ok(checked > 2000, `only ${checked} commands checked`);
});
