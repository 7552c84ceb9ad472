// The codec front door: content types, encodings and the WBXML slot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { element } from '../../../gateway/codec/element.ts';
import { CodecError, contentTypeOf, decode, encode, encodingFromContentType } from '../../../gateway/codec/index.ts';

test('SyncML content types map to encodings, ignoring parameters and case', () => {
  assert.equal(encodingFromContentType('application/vnd.syncml+xml'), 'xml');
  assert.equal(encodingFromContentType('application/vnd.syncml+wbxml'), 'wbxml');
  assert.equal(encodingFromContentType('Application/VND.SyncML+XML; charset=UTF-8'), 'xml');
  assert.equal(encodingFromContentType(' application/vnd.syncml+wbxml ;charset=utf-8'), 'wbxml');
  assert.equal(encodingFromContentType('text/xml'), 'xml');
  assert.equal(encodingFromContentType('application/xml; charset=iso-8859-1'), 'xml');
});

test('anything else is not SyncML', () => {
  for (const ct of [undefined, '', 'text/plain', 'application/json', 'application/vnd.syncml.dm+xml', 'application/vnd.syncml+xmlx']) {
    assert.equal(encodingFromContentType(ct), undefined, String(ct));
  }
});

test('replies carry the media type clients send', () => {
  assert.equal(contentTypeOf('xml'), 'application/vnd.syncml+xml');
  assert.equal(contentTypeOf('wbxml'), 'application/vnd.syncml+wbxml');
});

test('decode and encode XML, with limits passed through', () => {
  const bytes = encode(element('SyncML', [element('Final')], 'SYNCML:SYNCML1.2'), 'xml');
  assert.deepEqual(decode(bytes, 'xml'), { name: 'SyncML', ns: 'SYNCML:SYNCML1.2', children: [{ name: 'Final', children: [] }] });
  assert.throws(() => decode(bytes, 'xml', { maxBytes: 10 }), (e: unknown) => e instanceof CodecError && e.reason === 'too-large');
});

test('decode and encode WBXML, with limits passed through', () => {
  const bytes = encode(element('SyncML', [element('Final')], 'SYNCML:SYNCML1.2'), 'wbxml');
  assert.deepEqual([...bytes], [0x02, 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x12, 0x01]);
  assert.deepEqual(decode(bytes, 'wbxml'), { name: 'SyncML', ns: 'SYNCML:SYNCML1.2', children: [{ name: 'Final', children: [] }] });
  assert.throws(() => decode(bytes, 'wbxml', { maxBytes: 4 }), (e: unknown) => e instanceof CodecError && e.reason === 'too-large');
});
