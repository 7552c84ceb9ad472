// What the XML reader refuses, each with its machine-readable reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodecError, type CodecErrorReason } from '../../../gateway/codec/limits.ts';
import { readXml } from '../../../gateway/codec/xml-reader.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function refused(reason: CodecErrorReason) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof CodecError, `expected a CodecError, got ${String(err)}`);
    assert.equal(err.reason, reason, err.message);
    assert.ok(err.message.length > 0);
    return true;
  };
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<SyncML>&lol9;</SyncML>`;

test('billion laughs: a DOCTYPE with an internal subset is refused with reason doctype', () => {
  assert.throws(() => readXml(utf8(BILLION_LAUGHS)), refused('doctype'));
  // Same without any CR and with CRLF line ends: both reader paths refuse it.
  assert.throws(() => readXml(utf8(BILLION_LAUGHS.replaceAll('\n', ''))), refused('doctype'));
  assert.throws(() => readXml(utf8(BILLION_LAUGHS.replaceAll('\n', '\r\n'))), refused('doctype'));
});

test('an external entity declaration is refused too', () => {
  const xxe = '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
  assert.throws(() => readXml(utf8(xxe)), refused('doctype'));
});

test('an undeclared entity reference is malformed, never resolved', () => {
  assert.throws(() => readXml(utf8('<a>&x;</a>')), refused('malformed'));
});

test('too large: the byte limit is checked before decoding, per call', () => {
  const body = utf8(`<a>${'x'.repeat(2000)}</a>`);
  assert.throws(() => readXml(body, { maxBytes: 1000 }), refused('too-large'));
  assert.equal(readXml(body, { maxBytes: 4000 }).text?.length, 2000);
});

test('the default message limit is 4 MiB', () => {
  const big = new Uint8Array(4 * 1024 * 1024 + 1).fill(0x20);
  assert.throws(() => readXml(big), refused('too-large'));
});

test('too deep', () => {
  const nested = (n: number): string => '<a>'.repeat(n) + '</a>'.repeat(n);
  assert.throws(() => readXml(utf8(nested(33))), refused('too-deep'));
  assert.doesNotThrow(() => readXml(utf8(nested(32))));
  assert.throws(() => readXml(utf8(nested(5)), { maxDepth: 4 }), refused('too-deep'));
});

test('too many elements', () => {
  const flat = `<a>${'<b/>'.repeat(20)}</a>`;
  assert.throws(() => readXml(utf8(flat), { maxElements: 20 }), refused('too-many-elements'));
  assert.equal(readXml(utf8(flat), { maxElements: 21 }).children.length, 20);
});

test('text too long, counting text and CDATA together', () => {
  assert.throws(() => readXml(utf8(`<a>${'x'.repeat(60)}<![CDATA[${'y'.repeat(60)}]]></a>`), { maxTextLength: 100 }), refused('text-too-long'));
});

test('malformed input', () => {
  for (const bad of ['', '<a>', '<a></b>', 'not xml', '<a><b></a>', '<a/><b/>', '<a x="1></a>', '<?xml version="1.0"?>']) {
    assert.throws(() => readXml(utf8(bad)), refused('malformed'), JSON.stringify(bad));
  }
});

test('invalid UTF-8 is malformed', () => {
  assert.throws(() => readXml(new Uint8Array([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e])), refused('malformed'));
});

test('UTF-16 and unknown declared encodings are unsupported', () => {
  const utf16 = new Uint8Array([0xff, 0xfe, 0x3c, 0x00, 0x61, 0x00, 0x2f, 0x00, 0x3e, 0x00]);
  assert.throws(() => readXml(utf16), refused('unsupported-encoding'));
  assert.throws(() => readXml(utf8('<?xml version="1.0" encoding="Shift_JIS"?><a/>')), refused('unsupported-encoding'));
});
