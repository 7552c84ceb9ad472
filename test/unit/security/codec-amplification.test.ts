// Input that costs the codecs far more than its size. XML: carriage returns in item data are
// kept (xml-prescan.ts) without multiplying the text the parser reads, a flood of CRs costs
// one character each. WBXML: one string-table entry named by many elements (STR_T) is bounded
// by the total text of the message (limits.ts maxTotalTextLength).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodecError } from '../../../gateway/codec/limits.ts';
import { readWbxml } from '../../../gateway/codec/wbxml-reader.ts';
import { prescanXml } from '../../../gateway/codec/xml-prescan.ts';
import { readXml } from '../../../gateway/codec/xml-reader.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const doc = (data: string): string => `<SyncML xmlns='SYNCML:SYNCML1.2'>\r\n<Data>${data}</Data>\r\n</SyncML>`;

test('a flood of CRs in text and CDATA is not expanded for the parser', () => {
  const flood = '\r'.repeat(100_000);
  for (const data of [flood, `<![CDATA[${flood}]]>`, `<![CDATA[${'a\r\n'.repeat(30_000)}]]>`]) {
    const src = doc(data);
    assert.equal(prescanXml(src).source.length, src.length);
    const text = readXml(utf8(src)).children[0]?.text ?? '';
    assert.equal(text, data.startsWith('<![CDATA[') ? data.slice(9, -3) : flood);
  }
});

test('private-use characters in the data survive next to CRs, as such and as character references', () => {
  const data = '\ue000 \ue001\r\n\uf8ff\r';
  assert.equal(readXml(utf8(doc(`<![CDATA[${data}]]>`))).children[0]?.text, data);
  assert.equal(readXml(utf8(doc(data))).children[0]?.text, data);
  assert.equal(readXml(utf8(doc('&#xE000;&#57345;\r\n'))).children[0]?.text, '\ue000\ue001\r\n');
});

test('a document holding every BMP private-use character still keeps its CRs (expanding fallback)', () => {
  let all = '';
  for (let c = 0xe000; c <= 0xf8ff; c++) all += String.fromCharCode(c);
  const data = `${all}\r\nBEGIN:VCARD\r\nEND:VCARD\r\n`;
  const src = doc(`<![CDATA[${data}]]>`);
  assert.equal(prescanXml(src).carriageReturn, undefined);
  assert.equal(readXml(utf8(src)).children[0]?.text, data);
  assert.equal(readXml(utf8(doc(data))).children[0]?.text, data);
});

const tooLong = (e: unknown): boolean => e instanceof CodecError && e.reason === 'text-too-long';

test('the text of all elements together is bounded (XML), mixed content included', () => {
  const two = (n: number): string => `<a><b>${'x'.repeat(n)}</b><c>${'y'.repeat(n)}</c></a>`;
  assert.throws(() => readXml(utf8(two(60)), { maxTotalTextLength: 100 }), tooLong);
  assert.doesNotThrow(() => readXml(utf8(two(40)), { maxTotalTextLength: 100 }));
  // A parent's text resuming after a child's is still counted (at worst half of it).
  const mixed = `<a>${'p'.repeat(50)}<b>${'c'.repeat(50)}</b>${'p'.repeat(50)}<b>${'c'.repeat(50)}</b>${'p'.repeat(50)}</a>`;
  assert.throws(() => readXml(utf8(mixed), { maxTotalTextLength: 200 }), tooLong);
});

/** A SyncML 1.2 WBXML message with one string-table entry of `entry` bytes named by `refs` Lang elements. */
function stringTableAmplification(entry: number, refs: number): Uint8Array {
  const table = [...Array<number>(entry).fill(0x41), 0];
  const mb = (n: number): number[] => {
    const out = [n % 128];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) out.unshift((v % 128) | 0x80);
    return out;
  };
  const langs = Array.from({ length: refs }, () => [0x55, 0x83, 0x00, 0x01]).flat(); // <Lang> STR_T 0 END
  return new Uint8Array([0x02, 0xa4, 0x01, 0x6a, ...mb(table.length), ...table, 0x6d, 0x6b, 0x5f, ...langs, 0x01, 0x01, 0x01]);
}

test('WBXML: one string-table entry named by many elements is bounded by the total text', () => {
  assert.doesNotThrow(() => readWbxml(stringTableAmplification(1000, 100)));
  assert.throws(() => readWbxml(stringTableAmplification(1000, 100), { maxTotalTextLength: 50_000 }), tooLong);
  // 100 KB of input naming a 100 KB entry 1,000 times: 100 MB of text before the bound existed.
  assert.throws(() => readWbxml(stringTableAmplification(100_000, 1000)), tooLong);
});
