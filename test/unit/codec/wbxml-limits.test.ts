// The WBXML reader is pure and bounded: hostile or broken input gets a CodecError with a
// reason, never a crash, a hang or an allocation sized by a length field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodecError, type CodecErrorReason } from '../../../gateway/codec/limits.ts';
import { readWbxml } from '../../../gateway/codec/wbxml-reader.ts';
import { bytesOf, wbxmlFixtures } from './wbxml-corpus.ts';

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
const str = (s: string): number[] => [0x03, ...utf8(s), 0x00];
const SYNCML12 = [0x02, 0xa4, 0x01, 0x6a, 0x00];
const mbUInt32 = (n: number): number[] => {
  const out = [n % 128];
  for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) out.unshift((v % 128) | 0x80);
  return out;
};

function refused(bytes: number[] | Uint8Array, reason: CodecErrorReason, limits = {}): void {
  assert.throws(
    () => readWbxml(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), limits),
    (e: unknown) => e instanceof CodecError && e.reason === reason && e.message.length > 0,
  );
}

test('limits: message size, depth, element count, text and opaque length', () => {
  const message = bytesOf(wbxmlFixtures[0]!);
  refused(message, 'too-large', { maxBytes: message.length - 1 });
  const deep = [...SYNCML12, 0x6d, ...Array<number>(40).fill(0x6b)];
  refused(deep, 'too-deep', { maxDepth: 32 });
  refused([...SYNCML12, 0x6d, ...Array<number>(50).fill(0x12), 0x01], 'too-many-elements', { maxElements: 20 });
  refused([...SYNCML12, 0x6d, 0x57, ...str('x'.repeat(100)), 0x01, 0x01], 'text-too-long', { maxTextLength: 99 });
  refused([...SYNCML12, 0x6d, 0x4f, 0xc3, 0x64, ...Array<number>(100).fill(0x41), 0x01, 0x01], 'text-too-long', { maxTextLength: 99 });
  // Many small strings in one element add up.
  refused([...SYNCML12, 0x6d, 0x57, ...Array.from({ length: 60 }, () => str('ab')).flat(), 0x01, 0x01], 'text-too-long', { maxTextLength: 100 });
});

test('one long string-table entry named from many elements or attribute values hits the total text limit', () => {
  const table = [...utf8('xmlns'), 0x00, ...utf8('x'.repeat(100_000)), 0x00];
  const header = [0x02, 0xa4, 0x01, 0x6a, ...mbUInt32(table.length), ...table];
  const entry = 6;
  const manyElements = [...header, 0x6d, ...Array.from({ length: 200 }, () => [0x57, 0x83, entry, 0x01]).flat(), 0x01];
  refused(manyElements, 'text-too-long');
  const oneAttribute = [...header, 0xed, 0x04, 0x00, ...Array.from({ length: 200 }, () => [0x83, entry]).flat(), 0x01, 0x01];
  refused(oneAttribute, 'text-too-long');
});

test('nested DevInf counts toward the depth and element limits of the message', () => {
  const devinf = [0x02, 0xa4, 0x03, 0x6a, 0x00, 0x4a, ...Array<number>(10).fill(0x47), ...Array<number>(11).fill(0x01)];
  const message = [...SYNCML12, 0x6d, 0x6b, 0x62, 0x54, 0x4f, 0xc3, devinf.length, ...devinf, 0x01, 0x01, 0x01, 0x01, 0x01];
  assert.equal(readWbxml(new Uint8Array(message)).name, 'SyncML');
  refused(message, 'too-deep', { maxDepth: 12 });
  refused(message, 'too-many-elements', { maxElements: 10 });
});

test('length fields larger than the message are refused before anything is allocated', () => {
  refused([...SYNCML12, 0x6d, 0x4f, 0xc3, 0x8f, 0xff, 0xff, 0xff, 0x7f, 0x01, 0x01], 'truncated'); // opaque of 4 GiB
  refused([0x02, 0xa4, 0x01, 0x6a, 0x8f, 0xff, 0xff, 0xff, 0x7f, 0x6d, 0x01], 'truncated'); // string table of 4 GiB
  refused([...SYNCML12, 0x6d, 0x4f, 0xc3, 0x90, 0x80, 0x80, 0x80, 0x00], 'malformed'); // over 32 bits
  refused([...SYNCML12, 0x6d, 0x4f, 0xc3, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], 'malformed'); // six bytes
});

test('string-table references outside the table are refused', () => {
  const table = [...utf8('abc'), 0x00];
  const withTable = [0x02, 0xa4, 0x01, 0x6a, table.length, ...table];
  refused([...withTable, 0x6d, 0x57, 0x83, 0x04, 0x01, 0x01], 'malformed'); // STR_T at the table's end
  refused([...withTable, 0x6d, 0x57, 0x83, 0x8f, 0xff, 0xff, 0xff, 0x7f, 0x01, 0x01], 'malformed');
  refused([...SYNCML12, 0x6d, 0x57, 0x83, 0x00, 0x01, 0x01], 'malformed'); // no table at all
  refused([0x02, 0x00, 0x05, 0x6a, table.length, ...table, 0x6d, 0x01], 'malformed'); // public id FPI offset
  refused([...withTable, 0x6d, 0x44, 0x00, 0x01, 0x01], 'unknown-token'); // literal tag "abc"
});

test('truncation anywhere in a real message is refused, never a crash', () => {
  const message = bytesOf(wbxmlFixtures.find((p) => p.includes('syncml12-wbxml/01-slow-initial/msg001-server'))!);
  for (let length = 0; length < message.length; length++) {
    assert.throws(() => readWbxml(message.subarray(0, length)), (e: unknown) => e instanceof CodecError, `length ${length}`);
  }
  refused([...SYNCML12, 0x6d, 0x57, 0x03, 0x61], 'truncated'); // inline string without NUL
  refused([...SYNCML12, 0x6d, 0x6b], 'truncated');
});

test('unknown code pages and tags are refused', () => {
  refused([...SYNCML12, 0x6d, 0x00, 0x02, 0x01], 'unknown-token');
  refused([...SYNCML12, 0x6d, 0x7f, 0x01, 0x01], 'unknown-token'); // 0x3F on SyncML page 0
  refused([...SYNCML12, 0x6d, 0x70, 0x01, 0x01], 'unknown-token'); // 0x30 is reserved
  refused([...SYNCML12, 0x6d, 0x00, 0x01, 0x5f, 0x01, 0x01], 'unknown-token'); // 0x1F on MetInf
  const devinf = [0x02, 0xa4, 0x03, 0x6a, 0x00, 0x4a, 0x00, 0x01, 0x01];
  refused([...SYNCML12, 0x6d, 0x54, 0x4f, 0xc3, devinf.length, ...devinf, 0x01, 0x01, 0x01], 'unknown-token'); // page 1 in DevInf
});

test('attributes, processing instructions, extensions and stray tokens are refused', () => {
  refused([...SYNCML12, 0x6d, 0xd7, 0x05, 0x01, 0x01, 0x01], 'malformed'); // LocURI with an attribute token
  refused([...SYNCML12, 0xed, 0x04, 0x00, ...str('x'), 0x05, 0x01, 0x01], 'malformed'); // a second, non-literal attribute
  const table = [...utf8('id'), 0x00];
  refused([0x02, 0xa4, 0x01, 0x6a, table.length, ...table, 0xed, 0x04, 0x00, ...str('1'), 0x01, 0x01], 'malformed'); // attribute "id"
  refused([...SYNCML12, 0x6d, 0x43, 0x05, 0x01, 0x01], 'malformed'); // PI
  refused([...SYNCML12, 0x6d, 0xc0, 0x01], 'malformed'); // EXT_0
  refused([...SYNCML12, 0x6d, 0x40, 0x61, 0x00, 0x01], 'malformed'); // EXT_I_0
  refused([...SYNCML12, 0x01], 'malformed'); // END before the root
  refused([...SYNCML12, ...str('x'), 0x6d, 0x01], 'malformed'); // text before the root
  refused([...SYNCML12, 0x6d, 0x01, 0x12], 'malformed'); // a second root
  refused([...SYNCML12, 0x6d, 0x01, 0x00], 'malformed'); // bytes after the root
  refused([...SYNCML12, 0x6d, 0x57, 0x02, 0x84, 0x80, 0x80, 0x00, 0x01, 0x01], 'malformed'); // entity beyond U+10FFFF
  refused([...SYNCML12, 0x6d, 0x57, 0x02, 0x83, 0xb0, 0x00, 0x01, 0x01], 'malformed'); // entity: a surrogate
});

test('headers: version, charset, encoding errors; nested documents must be DevInf', () => {
  refused([0x00, 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x01], 'malformed'); // WBXML 1.0
  refused([0x04, 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x01], 'malformed');
  refused([0x02, 0xa4, 0x01, 0x87, 0x77, 0x00, 0x6d, 0x01], 'unsupported-encoding'); // UTF-16 (1015)
  refused([...SYNCML12, 0x6d, 0x57, 0x03, 0xc3, 0x28, 0x00, 0x01, 0x01], 'malformed'); // invalid UTF-8
  refused([], 'truncated');
  const notDevInf = [0x02, 0xa4, 0x03, 0x6a, 0x00, 0x6d, 0x01]; // DevInf public id, root MaxOccur
  refused([...SYNCML12, 0x6d, 0x54, 0x4f, 0xc3, notDevInf.length, ...notDevInf, 0x01, 0x01, 0x01], 'malformed');
  const brokenDevInf = [0x02, 0xa4, 0x03, 0x6a, 0x00, 0x4a, 0x65];
  refused([...SYNCML12, 0x6d, 0x54, 0x4f, 0xc3, brokenDevInf.length, ...brokenDevInf, 0x01, 0x01, 0x01], 'truncated');
  // A SyncML document inside Data is not read (no recursion): it stays opaque bytes.
  const nestedSyncML = [...SYNCML12, 0x6d, 0x01];
  const root = readWbxml(new Uint8Array([...SYNCML12, 0x6d, 0x54, 0x4f, 0xc3, nestedSyncML.length, ...nestedSyncML, 0x01, 0x01, 0x01]));
  assert.deepEqual(root.children[0]?.children[0]?.opaque, new Uint8Array(nestedSyncML));
});

test('random mutations of real messages decode or fail with a CodecError, quickly', () => {
  let seed = 20240611;
  const random = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const messages = wbxmlFixtures.filter((_, i) => i % 8 === 0).map(bytesOf);
  const started = Date.now();
  let decoded = 0;
  for (let run = 0; run < 3000; run++) {
    const bytes = new Uint8Array(messages[random(messages.length)]!);
    for (let edits = 1 + random(4); edits > 0; edits--) {
      const at = random(bytes.length);
      bytes[at] = random(3) === 0 ? [0x00, 0x01, 0x03, 0x83, 0xc3, 0xff][random(6)]! : random(256);
    }
    try {
      readWbxml(bytes);
      decoded += 1;
    } catch (e) {
      assert.ok(e instanceof CodecError, `run ${run}: ${String(e)}`);
    }
  }
  assert.ok(decoded > 0, 'some mutations still decode');
  assert.ok(Date.now() - started < 20_000, 'no pathological slowness');
});
