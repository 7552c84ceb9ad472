// The WBXML writer: it writes what SyncEvolution's engine (libsynthesis) writes, byte for byte,
// and every recorded XML message survives XML -> WBXML -> tree unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { element, textElement, type Element } from '../../../gateway/codec/element.ts';
import { CodecError } from '../../../gateway/codec/limits.ts';
import { readWbxml } from '../../../gateway/codec/wbxml-reader.ts';
import { writeWbxml } from '../../../gateway/codec/wbxml-writer.ts';
import { readMessage } from '../../../gateway/protocol/read.ts';
import { bytesOf, filesUnder, fixturesDir, plainModel, relativeName, shape, wbxmlFixtures, xmlTreeOf } from './wbxml-corpus.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const utf8 = (s: string): string => Buffer.from(s).toString('hex');
const isCodecError = (reason: string) => (e: unknown) => e instanceof CodecError && e.reason === reason;

/** Every recorded XML message (not the renderings of WBXML ones), with its root namespace made explicit. */
function xmlTraces(): Array<{ path: string; tree: Element }> {
  return filesUnder(fixturesDir, '.xml')
    .filter((p) => !p.endsWith('.synthesis.xml') && !p.endsWith('.wbxml2xml.xml'))
    .map((path) => {
      const tree = xmlTreeOf(path);
      // Horde's server writes <SyncML> without xmlns; WBXML always names the version.
      tree.ns ??= `SYNCML:SYNCML${tree.children[0]?.children.find((c) => c.name === 'VerDTD')?.text ?? ''}`;
      return { path, tree };
    });
}

const syncml = (version: string, ...body: Element[]): Element =>
  element('SyncML', [element('SyncHdr', [textElement('VerDTD', version)]), element('SyncBody', body)], `SYNCML:SYNCML${version}`);

test('every recorded message re-encodes byte for byte as SyncEvolution wrote it', () => {
  assert.equal(wbxmlFixtures.length, 158);
  for (const path of wbxmlFixtures) {
    const bytes = bytesOf(path);
    assert.equal(hex(writeWbxml(readWbxml(bytes))), hex(bytes), relativeName(path));
  }
});

test('every recorded XML message survives XML -> WBXML -> tree, as a tree and as a typed message', () => {
  const traces = xmlTraces();
  assert.equal(traces.length, 366);
  for (const { path, tree } of traces) {
    // Old clients leave MetInf elements in the SyncML namespace; WBXML puts them on the MetInf page.
    const options = { ignoreNamespaces: path.includes('horde-syncml') };
    const back = readWbxml(writeWbxml(tree));
    assert.deepEqual(shape(back, options), shape(tree, options), relativeName(path));
    assert.deepEqual(plainModel(readMessage(back)), plainModel(readMessage(tree)), relativeName(path));
  }
});

test('the public id follows the root namespace: numeric for 1.1 and 1.2, the FPI for 1.0', () => {
  assert.equal(hex(writeWbxml(syncml('1.2')).subarray(0, 5)), '02a4016a00');
  assert.equal(hex(writeWbxml(syncml('1.1')).subarray(0, 5)), '029f536a00');
  const fpi = utf8('-//SYNCML//DTD SyncML 1.0//EN');
  assert.equal(hex(writeWbxml(syncml('1.0')).subarray(0, 35)), `0200006a1e${fpi}00`);
  assert.equal(hex(writeWbxml(syncml('1.0'), { publicId: 'numeric' }).subarray(0, 5)), '029f516a00');
  assert.equal(hex(writeWbxml(syncml('1.2'), { publicId: 'string' }).subarray(0, 5)), '0200006a1e');
  const lowerCase = { ...syncml('1.1'), ns: 'syncml:syncml1.1' };
  assert.equal(hex(writeWbxml(lowerCase).subarray(0, 3)), '029f53');
  const noNamespace: Element = { name: 'SyncML', children: syncml('1.1').children };
  assert.equal(readWbxml(writeWbxml(noNamespace)).ns, 'SYNCML:SYNCML1.1');
  assert.throws(() => writeWbxml(element('Foo', [], 'urn:other')), isCodecError('unknown-token'));
});

test('strings inline, item data and text with NUL as opaque, empty elements without content', () => {
  const tree = syncml(
    '1.2',
    element('Add', [
      textElement('CmdID', '1'),
      element('Item', [element('Source', [textElement('LocURI', 'a')]), textElement('Data', 'BEGIN:VCARD\r\n'), element('MoreData')]),
    ]),
    textElement('Final', ''),
  );
  const body = hex(writeWbxml(tree)).slice('02a4016a00'.length);
  const expected = [
    '6d', '6c', '71', `03${utf8('1.2')}00`, '01', '01', '6b', // SyncML SyncHdr VerDTD END END SyncBody
    '45', '4b', `03${utf8('1')}00`, '01', // Add CmdID
    '54', '67', '57', `03${utf8('a')}00`, '01', '01', // Item Source LocURI
    '4f', `c30d${utf8('BEGIN:VCARD\r\n')}`, '01', '34', '01', '01', // Data OPAQUE, MoreData (empty), END Item, END Add
    '12', '01', '01', // Final (empty), END SyncBody, END SyncML
  ].join('');
  assert.equal(body, expected);
  const nul = writeWbxml(syncml('1.2', textElement('LocURI', 'a\0b')));
  assert.deepEqual(readWbxml(nul).children[1]?.children[0], { name: 'LocURI', children: [], text: 'a\0b' });
  assert.ok(hex(nul).includes(`57c303${utf8('a\0b')}01`));
});

test('code pages switch only when a tag needs another one; MetInf left in the SyncML namespace goes to page 1', () => {
  const meta = element('Meta', [textElement('Format', 'b64'), textElement('Type', 'syncml:auth-md5', 'syncml:metinf')]);
  const body = hex(writeWbxml(syncml('1.1', element('Status', [meta, textElement('Data', '212')])))).slice('029f536a00'.length);
  const expected = [
    '6d', '6c', '71', `03${utf8('1.1')}00`, '01', '01', '6b', // SyncML SyncHdr VerDTD END END SyncBody
    '69', '5a', '0001', `4703${utf8('b64')}0001`, `5303${utf8('syncml:auth-md5')}0001`, '01', // Status Meta, page 1: Format Type, END Meta
    '0000', `4f03${utf8('212')}0001`, '01', '01', '01', // page 0: Data, END Status SyncBody SyncML
  ].join('');
  assert.equal(body, expected);
  assert.throws(() => writeWbxml(syncml('1.2', element('Bogus'))), isCodecError('unknown-token'));
});

test('DevInf in Data goes as an opaque WBXML DevInf document of its own version, announced as +wbxml', () => {
  const devInf = (version: string): Element => element('DevInf', [textElement('VerDTD', version), element('UTC')], 'syncml:devinf');
  const results = (version: string, type: string): Element =>
    element('Results', [
      element('Meta', [textElement('Type', type, 'syncml:metinf')]),
      element('Item', [element('Source', [textElement('LocURI', `./devinf${version.replace('.', '')}`)]), element('Data', [devInf(version)])]),
    ]);
  const nested12 = hex(writeWbxml(syncml('1.2', results('1.2', 'application/vnd.syncml-devinf+xml'))));
  assert.ok(nested12.includes(utf8('application/vnd.syncml-devinf+wbxml')));
  assert.ok(nested12.includes(`4fc30f02a4036a004a6503${utf8('1.2')}0001280101`), nested12);
  assert.ok(hex(writeWbxml(syncml('1.1', results('1.1', 'application/vnd.syncml-devinf+xml')))).includes('4fc30f029f546a004a65'));
  const fpi = utf8('-//SYNCML//DTD DevInf 1.0//EN');
  assert.ok(hex(writeWbxml(syncml('1.0', results('1.0', 'application/vnd.syncml-devinf+xml')))).includes(`0200006a1e${fpi}004a65`));

  const back = readWbxml(writeWbxml(syncml('1.2', results('1.2', 'application/vnd.syncml-devinf+xml'))));
  assert.deepEqual(back.children[1]?.children[0], results('1.2', 'application/vnd.syncml-devinf+xml'), 'read back: +xml again');
  const standalone = writeWbxml(devInf('1.1'));
  assert.equal(hex(standalone), `029f546a004a6503${utf8('1.1')}00012801`);
  assert.deepEqual(readWbxml(standalone), devInf('1.1'));
});

test('binary item data goes out as the same bytes', () => {
  const photo = new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x01, 0x80]);
  const tree = syncml('1.2', element('Item', [{ name: 'Data', children: [], opaque: photo }]));
  assert.deepEqual(readWbxml(writeWbxml(tree)).children[1]?.children[0]?.children[0]?.opaque, photo);
});
