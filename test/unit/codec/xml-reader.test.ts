// The XML reader: namespaces, text and CDATA, whitespace, encodings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Element } from '../../../gateway/codec/element.ts';
import { readXml } from '../../../gateway/codec/xml-reader.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const read = (s: string): Element => readXml(utf8(s));
const at = (el: Element, ...path: number[]): Element =>
  path.reduce<Element>((e, i) => e.children[i] as Element, el);

test('a default namespace on the root is recorded once, children inherit it', () => {
  const root = read(`<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2</VerDTD></SyncHdr></SyncML>`);
  assert.equal(root.name, 'SyncML');
  assert.equal(root.ns, 'SYNCML:SYNCML1.2');
  assert.equal(at(root, 0).ns, undefined);
  assert.equal(at(root, 0, 0).text, '1.2');
});

test('a namespace on a child element is recorded where it changes, not below', () => {
  const root = read(
    `<SyncML xmlns='SYNCML:SYNCML1.2'><Meta><Anchor xmlns='syncml:metinf'><Next>1</Next></Anchor></Meta></SyncML>`,
  );
  const anchor = at(root, 0, 0);
  assert.equal(anchor.name, 'Anchor');
  assert.equal(anchor.ns, 'syncml:metinf');
  assert.equal(at(anchor, 0).ns, undefined);
});

test('no namespace anywhere leaves ns unset', () => {
  const root = read('<SyncML><SyncHdr><VerDTD>1.1</VerDTD></SyncHdr></SyncML>');
  assert.equal(root.ns, undefined);
  assert.equal(at(root, 0, 0).ns, undefined);
});

test('prefixed elements become local names with the prefix namespace', () => {
  const root = read(
    `<s:SyncML xmlns:s='SYNCML:SYNCML1.0' xmlns:mi='syncml:metinf'><s:Meta><mi:Type>text/x-vcard</mi:Type></s:Meta></s:SyncML>`,
  );
  assert.equal(root.name, 'SyncML');
  assert.equal(root.ns, 'SYNCML:SYNCML1.0');
  assert.equal(at(root, 0).name, 'Meta');
  assert.deepEqual(at(root, 0, 0), { name: 'Type', ns: 'syncml:metinf', children: [], text: 'text/x-vcard' });
});

test('the undeclared mi: prefix of old clients resolves to syncml:metinf', () => {
  const root = read(`<SyncML xmlns='SYNCML:SYNCML1.0'><Meta><mi:Format>b64</mi:Format></Meta></SyncML>`);
  assert.deepEqual(at(root, 0, 0), { name: 'Format', ns: 'syncml:metinf', children: [], text: 'b64' });
});

test('an element back in no namespace under a namespaced parent records ns ""', () => {
  const root = read(`<SyncML xmlns='SYNCML:SYNCML1.2'><X xmlns=''/></SyncML>`);
  assert.equal(at(root, 0).ns, '');
});

test('escaped text is unescaped; CDATA is marked; both are joined', () => {
  const root = read('<a><b>x &amp; &lt;y&gt; &#65;</b><c><![CDATA[<v>&amp;]]></c><d>p<![CDATA[q]]>r</d></a>');
  assert.deepEqual(at(root, 0), { name: 'b', children: [], text: 'x & <y> A' });
  assert.deepEqual(at(root, 1), { name: 'c', children: [], text: '<v>&amp;', cdata: true });
  assert.deepEqual(at(root, 2), { name: 'd', children: [], text: 'pqr', cdata: true });
});

test('CRLF inside item data is kept exactly, in CDATA and in escaped text', () => {
  const vcard = 'BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;John\r\nEND:VCARD\r\n';
  const root = read(`<?xml version="1.0"?>\r\n<a>\r\n<b><![CDATA[${vcard}]]></b>\r\n<c>${vcard}</c>\r\n<d>one\rtwo</d></a>\r\n`);
  assert.equal(at(root, 0).text, vcard);
  assert.equal(at(root, 0).cdata, true);
  assert.equal(at(root, 1).text, vcard);
  assert.equal(at(root, 2).text, 'one\rtwo');
  assert.equal(root.text, undefined, 'layout CRLF between elements is not content');
});

test('whitespace between child elements is dropped, whitespace inside a leaf is kept', () => {
  const root = read('<a>\n  <b> padded </b>\n\t<c>\n</c>\n</a>');
  assert.equal(root.text, undefined);
  assert.equal(at(root, 0).text, ' padded ');
  assert.equal(at(root, 1).text, '\n');
});

test('an empty element has no text; an empty CDATA section is an empty CDATA text', () => {
  const root = read('<a><b/><c></c><d><![CDATA[]]></d></a>');
  assert.deepEqual(at(root, 0), { name: 'b', children: [] });
  assert.deepEqual(at(root, 1), { name: 'c', children: [] });
  assert.deepEqual(at(root, 2), { name: 'd', children: [], text: '', cdata: true });
});

test('attributes other than namespace declarations are dropped', () => {
  assert.deepEqual(read(`<a b="1" xmlns:x="urn:x"><c x:d="2"/></a>`), { name: 'a', children: [{ name: 'c', children: [] }] });
});

test('UTF-8 with and without BOM', () => {
  const body = '<a>Grüße €</a>';
  assert.equal(readXml(utf8(body)).text, 'Grüße €');
  assert.equal(readXml(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(body)])).text, 'Grüße €');
});

test('an ISO-8859-1 declaration decodes the bytes as Latin-1', () => {
  const head = utf8(`<?xml version="1.0" encoding="ISO-8859-1"?><a>`);
  const tail = utf8('</a>');
  const bytes = new Uint8Array([...head, 0x47, 0x72, 0xfc, 0xdf, 0x65, ...tail]); // "Grüße" in Latin-1
  assert.equal(readXml(bytes).text, 'Grüße');
});

test('a DOCTYPE with only an external ID (Synthesis clients send one) is accepted and ignored', () => {
  const root = read(
    '<?xml version="1.0"?><!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML 1.1//EN" ' +
      '"http://www.syncml.org/docs/syncml_represent_v11_20020213.dtd"><SyncML xmlns="syncml:SYNCML1.1"><Final/></SyncML>',
  );
  assert.equal(root.name, 'SyncML');
  assert.equal(root.ns, 'syncml:SYNCML1.1');
});
