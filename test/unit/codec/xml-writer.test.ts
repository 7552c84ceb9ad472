// The XML writer: declaration, namespaces where they change, CDATA, escaping, opaque data,
// and the size function that predicts its output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { element, textElement, type Element } from '../../../gateway/codec/element.ts';
import { readXml } from '../../../gateway/codec/xml-reader.ts';
import { XML_DECLARATION_SIZE, xmlSize } from '../../../gateway/codec/xml-size.ts';
import { writeXml, writeXmlString } from '../../../gateway/codec/xml-writer.ts';

const DECL = '<?xml version="1.0" encoding="UTF-8"?>';

test('UTF-8 declaration, no pretty printing, empty elements self-closed', () => {
  const root = element('SyncML', [element('SyncHdr', [textElement('VerDTD', '1.2')]), element('SyncBody', [element('Final')])], 'SYNCML:SYNCML1.2');
  assert.equal(
    writeXmlString(root),
    `${DECL}<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD></SyncHdr><SyncBody><Final/></SyncBody></SyncML>`,
  );
});

test('xmlns is written only where the namespace changes', () => {
  const root = element('SyncML', [
    element('Meta', [textElement('Type', 'text/vcard', 'syncml:metinf'), element('Anchor', [textElement('Next', '2')], 'syncml:metinf')]),
    element('Plain', [], ''),
  ], 'SYNCML:SYNCML1.1');
  assert.equal(
    writeXmlString(root),
    `${DECL}<SyncML xmlns="SYNCML:SYNCML1.1"><Meta><Type xmlns="syncml:metinf">text/vcard</Type>` +
      `<Anchor xmlns="syncml:metinf"><Next>2</Next></Anchor></Meta><Plain xmlns=""/></SyncML>`,
  );
});

test('text is escaped; CDATA text is written as CDATA, split around ]]>', () => {
  const root = element('a', [
    textElement('b', 'x & <y> "z"'),
    { name: 'c', children: [], text: 'one]]>two\r\n', cdata: true },
  ]);
  assert.equal(writeXmlString(root), `${DECL}<a><b>x &amp; &lt;y&gt; "z"</b><c><![CDATA[one]]]]><![CDATA[>two\r\n]]></c></a>`);
  const back = readXml(writeXml(root));
  assert.equal(back.children[0]?.text, 'x & <y> "z"');
  assert.equal(back.children[1]?.text, 'one]]>two\r\n');
});

test('opaque bytes are written as base64 text', () => {
  const root: Element = { name: 'Data', children: [], opaque: new Uint8Array([0, 1, 2, 250, 255]) };
  assert.equal(writeXmlString(root), `${DECL}<Data>AAEC+v8=</Data>`);
});

test('writer output reads back to the same tree', () => {
  const root = element('SyncML', [
    element('SyncBody', [
      element('Add', [
        element('Meta', [textElement('Type', 'text/x-vcard', 'syncml:metinf')]),
        element('Item', [{ name: 'Data', children: [], text: 'BEGIN:VCARD\r\nN:Dö;Jö\r\nEND:VCARD\r\n', cdata: true }]),
      ]),
    ]),
  ], 'SYNCML:SYNCML1.2');
  assert.deepEqual(readXml(writeXml(root)), root);
});

test('xmlSize predicts the writer output byte for byte', () => {
  const root = element('SyncML', [
    textElement('A', 'ä & <b> ∑ 😀'),
    { name: 'B', children: [], text: 'x]]>y]]>', cdata: true },
    { name: 'C', children: [], text: '', cdata: true },
    { name: 'D', children: [], opaque: new Uint8Array([1, 2, 3, 4]) },
    element('E', [element('F', [], 'urn:x'), element('G', [], '')], 'syncml:metinf'),
  ], 'SYNCML:SYNCML1.2');
  assert.equal(XML_DECLARATION_SIZE + xmlSize(root), writeXml(root).length);
});
