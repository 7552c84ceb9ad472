// The XML writer: declaration, namespaces where they change, CDATA, escaping, opaque data,
// and the size function that predicts its output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { element, textElement, type Element } from '../../../gateway/codec/element.ts';
import { readXml } from '../../../gateway/codec/xml-reader.ts';
import { XML_DECLARATION_SIZE, xmlSize } from '../../../gateway/codec/xml-size.ts';
import { writeXml, writeXmlString } from '../../../gateway/codec/xml-writer.ts';
import { readWbxml } from '../../../gateway/codec/wbxml-reader.ts';
import { create } from 'xmlbuilder2';
import { bytesOf, filesUnder, fixturesDir } from './wbxml-corpus.ts';

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

test('every & is escaped, also where it looks like an entity reference (xmlbuilder2 leaves those)', () => {
  const root = textElement('Data', 'R&D; &amp; &#65; &#x41; a&b');
  assert.equal(writeXmlString(root), `${DECL}<Data>R&amp;D; &amp;amp; &amp;#65; &amp;#x41; a&amp;b</Data>`);
  assert.equal(readXml(writeXml(root)).text, 'R&D; &amp; &#65; &#x41; a&b');
  assert.equal(XML_DECLARATION_SIZE + xmlSize(root), writeXml(root).length);
  const namespaced = element('a', [], 'urn:x?a=1&b="2"<>');
  assert.equal(writeXmlString(namespaced), `${DECL}<a xmlns="urn:x?a=1&amp;b=&quot;2&quot;&lt;&gt;"/>`);
  assert.throws(() => writeXmlString(element('a b')), /invalid XML element name/);
});

/** The writer this one replaced (xmlbuilder2), as the oracle for its output. */
function xmlbuilder2String(root: Element): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const append = (parent: ReturnType<typeof create>, el: Element, parentNs: string): void => {
    const ns = el.ns ?? parentNs;
    const node = parent.ele(ns, el.name);
    const text = el.opaque !== undefined ? Buffer.from(el.opaque).toString('base64') : el.text;
    if (text !== undefined && text !== '') {
      if (el.cdata === true && el.opaque === undefined) {
        for (const part of text.split(']]>').map((p, i, all) => (i === 0 ? '' : '>') + p + (i < all.length - 1 ? ']]' : ''))) node.dat(part);
      } else {
        node.txt(text);
      }
    }
    for (const c of el.children) append(node, c, ns);
  };
  append(doc, root, '');
  return doc.end({ prettyPrint: false });
}

test('the writer writes what xmlbuilder2 writes, byte for byte, for every recorded message', () => {
  const looksLikeEntity = /&(?:[A-Za-z]+|#\d+);/; // xmlbuilder2 does not escape these (see above)
  let compared = 0;
  for (const [suffix, read] of [['.xml', readXml], ['.wbxml', readWbxml]] as const) {
    for (const file of filesUnder(fixturesDir, suffix)) {
      let tree: Element;
      try {
        tree = read(bytesOf(file));
      } catch {
        continue; // malformed on purpose
      }
      const expected = xmlbuilder2String(tree);
      if (looksLikeEntity.test(expected)) continue;
      assert.equal(writeXmlString(tree), expected, file);
      compared++;
    }
  }
  assert.ok(compared > 600, `${compared} messages compared`);
});
