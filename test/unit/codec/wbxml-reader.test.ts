// The WBXML reader over recorded SyncEvolution traffic (compared with libwbxml's and
// libsynthesis' own renderings of the same bytes) and over hand-made documents for the parts
// SyncEvolution does not use: string tables, entities, literals, inline DevInf, other charsets.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import type { Element } from '../../../gateway/codec/element.ts';
import { CodecError } from '../../../gateway/codec/limits.ts';
import { readWbxml } from '../../../gateway/codec/wbxml-reader.ts';
import { readMessage } from '../../../gateway/protocol/read.ts';
import { bytesOf, filesUnder, hasDevInf, plainModel, relativeName, shape, syncEvolutionDir, wbxmlFixtures, xmlTreeOf } from './wbxml-corpus.ts';

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
const str = (s: string): number[] => [0x03, ...utf8(s), 0x00];
const read = (bytes: number[]): Element => readWbxml(new Uint8Array(bytes));
/** WBXML 1.2, SyncML 1.2, UTF-8, no string table. */
const SYNCML12 = [0x02, 0xa4, 0x01, 0x6a, 0x00];

test('every recorded WBXML message decodes to a SyncML message of its version', () => {
  assert.equal(wbxmlFixtures.length, 158);
  for (const path of wbxmlFixtures) {
    const root = readWbxml(bytesOf(path));
    const version = /syncml1(\d)/.exec(path)?.[1];
    assert.equal(root.name, 'SyncML', relativeName(path));
    assert.equal(root.ns, `SYNCML:SYNCML1.${version}`, relativeName(path));
    const message = readMessage(root);
    assert.equal(message.version, `1.${version}`);
  }
});

test('first messages decode to the same tree and the same typed message as libwbxml renders them', () => {
  const renderings = filesUnder(`${syncEvolutionDir}/first-message`, '.wbxml2xml.xml');
  assert.equal(renderings.length, 11);
  for (const rendering of renderings) {
    const wbxml = readWbxml(bytesOf(rendering.replace('.wbxml2xml.xml', '.wbxml')));
    const xml = xmlTreeOf(rendering);
    assert.deepEqual(shape(wbxml), shape(xml), relativeName(rendering));
    assert.deepEqual(plainModel(readMessage(wbxml)), plainModel(readMessage(xml)), relativeName(rendering));
    assert.ok(hasDevInf(wbxml), 'the first message carries the client DevInf');
  }
});

test('every message decodes to the tree libsynthesis logged for it (where its log is complete)', () => {
  const logs = filesUnder(syncEvolutionDir, '.synthesis.xml').filter((p) => existsSync(p.replace('.synthesis.xml', '.wbxml')));
  assert.equal(logs.length, 158);
  let compared = 0;
  for (const log of logs) {
    let xml: Element;
    try {
      xml = xmlTreeOf(log);
    } catch (error) {
      assert.ok(error instanceof CodecError && /msg001-server/.test(log), `${relativeName(log)}: ${String(error)}`);
      continue; // three server logs are cut short by the engine's logger (fixtures README)
    }
    const wbxml = readWbxml(bytesOf(log.replace('.synthesis.xml', '.wbxml')));
    // The engine logs the wire's devinf+wbxml; the reader reports +xml, as for XML clients.
    const options = { sameDevInfTypes: true };
    assert.deepEqual(shape(wbxml, options), shape(xml, options), relativeName(log));
    assert.deepEqual(plainModel(readMessage(wbxml), options), plainModel(readMessage(xml), options), relativeName(log));
    compared += 1;
  }
  assert.equal(compared, 155);
});

test('nested DevInf becomes a DevInf element in syncml:devinf, announced as +xml; vCards stay opaque bytes', () => {
  const root = readWbxml(bytesOf(`${syncEvolutionDir}/sessions/syncml12-wbxml/01-slow-initial/msg001-server.wbxml`));
  const message = readMessage(root);
  const results = message.body.find((c) => c.kind === 'Results');
  assert.ok(results !== undefined && results.kind === 'Results');
  assert.equal(results.meta?.type, 'application/vnd.syncml-devinf+xml');
  const devInf = results.items[0]?.dataElement;
  assert.equal(devInf?.name, 'DevInf');
  assert.equal(devInf?.ns, 'syncml:devinf');
  assert.equal(devInf?.children[0]?.text, '1.2');

  const client = readMessage(readWbxml(bytesOf(`${syncEvolutionDir}/sessions/syncml12-wbxml/02-two-way-client-changes/msg002-client.wbxml`)));
  const items = client.body.flatMap((c) => (c.kind === 'Sync' ? c.commands : [])).flatMap((c) => ('items' in c ? c.items : []));
  const item = items[0];
  assert.ok(item?.dataBinary instanceof Uint8Array);
  assert.match(new TextDecoder().decode(item.dataBinary), /^BEGIN:VCARD\r\nVERSION:3\.0\r\n/);
});

test('a public id by FPI through the string table, unterminated at the table end as libsynthesis writes it', () => {
  const fpi = utf8('-//SYNCML//DTD SyncML 1.0//EN');
  const root = read([0x02, 0x00, 0x00, 0x6a, fpi.length, ...fpi, 0x6d, 0x6c, 0x71, ...str('1.0'), 0x01, 0x01, 0x01]);
  assert.deepEqual(root, { name: 'SyncML', ns: 'SYNCML:SYNCML1.0', children: [{ name: 'SyncHdr', children: [{ name: 'VerDTD', children: [], text: '1.0' }] }] });
});

test('STR_T, ENTITY and literal tags resolve through the string table', () => {
  const table = [...utf8('-//SYNCML//DTD SyncML 1.1//EN'), 0, ...utf8('abc'), 0, ...utf8('LocURI'), 0];
  const abc = 30;
  const locUri = 34;
  const root = read([0x02, 0x00, 0x00, 0x6a, table.length, ...table, 0x6d, 0x44, locUri, 0x83, abc, 0x02, 0x81, 0x20, 0x01, 0x01]);
  assert.deepEqual(root, { name: 'SyncML', ns: 'SYNCML:SYNCML1.1', children: [{ name: 'LocURI', children: [], text: 'abc\u00a0' }] });
});

test('MetInf on page 1 gets syncml:metinf where it starts; the page stays until switched back', () => {
  const root = read([...SYNCML12, 0x6d, 0x5a, 0x00, 0x01, 0x53, ...str('text/vcard'), 0x01, 0x45, 0x4f, ...str('5'), 0x01, 0x01, 0x01, 0x00, 0x00, 0x12, 0x01]);
  assert.deepEqual(root.children, [
    {
      name: 'Meta',
      children: [
        { name: 'Type', ns: 'syncml:metinf', children: [], text: 'text/vcard' },
        { name: 'Anchor', ns: 'syncml:metinf', children: [{ name: 'Next', children: [], text: '5' }] },
      ],
    },
    { name: 'Final', children: [] },
  ]);
});

test('DevInf written inline in its own code page inside Data is read like the opaque form', () => {
  // Item > Data > DevInf(0x0A) > VerDTD(0x25) '1.2', UTC(0x28): DevInf page 0 right inside Data.
  const root = read([...SYNCML12, 0x6d, 0x54, 0x4f, 0x4a, 0x65, ...str('1.2'), 0x01, 0x28, 0x01, 0x01, 0x01, 0x01]);
  assert.deepEqual(root.children[0], {
    name: 'Item',
    children: [{ name: 'Data', children: [{ name: 'DevInf', ns: 'syncml:devinf', children: [{ name: 'VerDTD', children: [], text: '1.2' }, { name: 'UTC', children: [] }] }] }],
  });
});

test('opaque DevInf with an unknown public id is nested when the Meta Type says devinf+wbxml', () => {
  const devinf = [0x02, 0x01, 0x6a, 0x00, 0x4a, 0x65, ...str('1.1'), 0x01, 0x01];
  const type = str('application/vnd.syncml-devinf+wbxml');
  const put = (meta: number[]) => [...SYNCML12, 0x6d, 0x5f, ...meta, 0x54, 0x4f, 0xc3, devinf.length, ...devinf, 0x01, 0x01, 0x01, 0x01];
  const nested = read(put([0x5a, 0x00, 0x01, 0x53, ...type, 0x01, 0x01, 0x00, 0x00]));
  const data = nested.children[0]?.children[1]?.children[0];
  assert.deepEqual(data?.children[0], { name: 'DevInf', ns: 'syncml:devinf', children: [{ name: 'VerDTD', children: [], text: '1.1' }] });
  const undeclared = read(put([]));
  assert.deepEqual(undeclared.children[0]?.children[0]?.children[0]?.opaque, new Uint8Array(devinf));
});

test('opaque outside item Data is text; NextNonce bytes become base64; non-UTF-8 stays opaque', () => {
  const root = read([...SYNCML12, 0x6d, 0x4b, 0xc3, 0x01, 0x37, 0x01, 0x00, 0x01, 0x50, 0xc3, 0x03, 0xff, 0x00, 0x10, 0x01, 0x00, 0x00, 0x4f, 0xc3, 0x02, 0xff, 0xfe, 0x01, 0x01]);
  assert.deepEqual(root.children, [
    { name: 'CmdID', children: [], text: '7' },
    { name: 'NextNonce', ns: 'syncml:metinf', children: [], text: '/wAQ' },
    { name: 'Data', children: [], opaque: new Uint8Array([0xff, 0xfe]) },
  ]);
});

test('strings and opaque chunks of one element are joined', () => {
  const root = read([...SYNCML12, 0x6d, 0x54, 0x4f, ...str('BEGIN:'), 0xc3, 0x05, ...utf8('VCARD'), 0x01, 0x01, 0x57, ...str('a'), ...str('b'), 0x01, 0x01]);
  assert.deepEqual(root.children, [
    { name: 'Item', children: [{ name: 'Data', children: [], opaque: new Uint8Array(utf8('BEGIN:VCARD')) }] },
    { name: 'LocURI', children: [], text: 'ab' },
  ]);
});

test('an unknown public id is read with the SyncML 1.2 tables and named by VerDTD', () => {
  const root = read([0x03, 0x01, 0x6a, 0x00, 0x6d, 0x6c, 0x71, ...str('1.1'), 0x01, 0x01, 0x01]);
  assert.equal(root.ns, 'SYNCML:SYNCML1.1');
});

test('tokens of a later version are accepted in an earlier version (Nokia: SourceParent in 1.1)', () => {
  const root = read([0x02, 0x9f, 0x53, 0x6a, 0x00, 0x6d, 0x79, ...str('p'), 0x01, 0x01]);
  assert.deepEqual(root.children, [{ name: 'SourceParent', children: [], text: 'p' }]);
});

test('Nokia xmlns written as an attribute of the root is taken as the namespace', () => {
  const root = read([...SYNCML12, 0xed, 0x04, 0x00, ...str('SYNCML:SYNCML1.2'), 0x01, 0x12, 0x01]);
  assert.deepEqual(root, { name: 'SyncML', ns: 'SYNCML:SYNCML1.2', children: [{ name: 'Final', children: [] }] });
});

test('ISO-8859-1 documents are decoded as such', () => {
  const root = read([0x02, 0xa4, 0x01, 0x04, 0x00, 0x6d, 0x57, 0x03, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x00, 0x01, 0x01]);
  assert.equal(root.children[0]?.text, 'Müller');
});

test('WBXML 1.1 and 1.3 headers are read like 1.2', () => {
  for (const version of [0x01, 0x03]) {
    assert.equal(read([version, 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x12, 0x01]).children[0]?.name, 'Final');
  }
});
