// Writing SyncML messages: namespaces, DTD element order, item data as CDATA or text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Element } from '../../../gateway/codec/element.ts';
import { decode, encode } from '../../../gateway/codec/index.ts';
import { writeXmlString } from '../../../gateway/codec/xml-writer.ts';
import type { Item, Status, Sync, SyncMLMessage } from '../../../gateway/protocol/model.ts';
import { readMessage } from '../../../gateway/protocol/read.ts';
import { writeMessage } from '../../../gateway/protocol/write.ts';

const names = (el: Element | undefined): string[] => (el?.children ?? []).map((c) => c.name);

function messageWith(body: SyncMLMessage['body'], version: SyncMLMessage['version'] = '1.2'): SyncMLMessage {
  return {
    version,
    hdr: {
      verDTD: version, verProto: `SyncML/${version}`, sessionID: '1', msgID: '2',
      target: { locURI: 'IMEI:1' }, source: { locURI: 'http://gw/syncml', locName: 'gw' },
      respURI: 'http://gw/syncml?s=abc',
      meta: { maxMsgSize: 10000, maxObjSize: 500000 },
    },
    body,
    final: true,
  };
}

test('root namespace per version; header in DTD order; MetInf children in syncml:metinf', () => {
  for (const version of ['1.0', '1.1', '1.2'] as const) {
    const root = writeMessage(messageWith([], version));
    assert.equal(root.ns, `SYNCML:SYNCML${version}`);
    const hdr = root.children[0];
    assert.deepEqual(names(hdr), ['VerDTD', 'VerProto', 'SessionID', 'MsgID', 'Target', 'Source', 'RespURI', 'Meta']);
    const meta = hdr?.children.at(-1);
    assert.deepEqual(meta?.children.map((c) => [c.name, c.ns]), [['MaxMsgSize', 'syncml:metinf'], ['MaxObjSize', 'syncml:metinf']]);
    assert.deepEqual(names(root.children[1]), ['Final']);
  }
});

test('Status elements in DTD order', () => {
  const status: Status = {
    kind: 'Status', cmdID: '1', msgRef: '1', cmdRef: '0', cmd: 'SyncHdr',
    targetRefs: ['http://gw/syncml'], sourceRefs: ['IMEI:1'],
    chal: { meta: { type: 'syncml:auth-md5', format: 'b64', nextNonce: 'bm9uY2U=' } },
    data: '401',
    items: [{ data: 'x' }],
  };
  const el = writeMessage(messageWith([status])).children[1]?.children[0];
  assert.deepEqual(names(el), ['CmdID', 'MsgRef', 'CmdRef', 'Cmd', 'TargetRef', 'SourceRef', 'Chal', 'Data', 'Item']);
  assert.deepEqual(names(el?.children[6]?.children[0]), ['Format', 'Type', 'NextNonce']);
});

test('Sync elements in DTD order, nested commands after the fields', () => {
  const sync: Sync = {
    kind: 'Sync', cmdID: '3', noResp: true, target: { locURI: 'contacts' }, source: { locURI: './contacts' },
    meta: { maxObjSize: 1000 }, numberOfChanges: 1,
    cred: { data: 'eA==' },
    commands: [{ kind: 'Delete', cmdID: '4', items: [{ target: { locURI: '5' } }] }],
  };
  const el = writeMessage(messageWith([sync])).children[1]?.children[0];
  assert.deepEqual(names(el), ['CmdID', 'NoResp', 'Cred', 'Target', 'Source', 'Meta', 'NumberOfChanges', 'Delete']);
});

test('item data: CDATA for markup and line breaks, text otherwise, as read when dataCdata is known', () => {
  const items: Item[] = [
    { data: 'BEGIN:VCARD\r\nEND:VCARD\r\n' },
    { data: '<contact><FirstName>A</FirstName></contact>' },
    { data: 'QkVHSU4=' },
    { data: 'plain', dataCdata: true },
    { data: 'a\r\nb', dataCdata: false },
  ];
  const xml = writeXmlString(writeMessage(messageWith([{ kind: 'Add', cmdID: '1', items }])));
  assert.match(xml, /<Data><!\[CDATA\[BEGIN:VCARD\r\nEND:VCARD\r\n\]\]><\/Data>/);
  assert.match(xml, /<Data><!\[CDATA\[<contact><FirstName>A<\/FirstName><\/contact>\]\]><\/Data>/);
  assert.match(xml, /<Data>QkVHSU4=<\/Data>/);
  assert.match(xml, /<Data><!\[CDATA\[plain\]\]><\/Data>/);
  assert.match(xml, /<Data>a\r\nb<\/Data>/);
});

test('nested documents and binary data in items', () => {
  const anchor: Element = { name: 'Anchor', ns: 'syncml:metinf', children: [{ name: 'Next', children: [], text: '9' }] };
  const items: Item[] = [{ dataElement: anchor }, { dataBinary: new Uint8Array([104, 105]) }];
  const xml = writeXmlString(writeMessage(messageWith([{ kind: 'Put', cmdID: '1', items }])));
  assert.match(xml, /<Data><Anchor xmlns="syncml:metinf"><Next>9<\/Next><\/Anchor><\/Data>/);
  assert.match(xml, /<Data>aGk=<\/Data>/, 'binary data goes out as base64 in XML');
});

test('MetInf extra elements are written in the metinf namespace, in DTD order', () => {
  const meta = {
    type: 'text/x-vcard',
    extra: [
      { name: 'Mem', children: [{ name: 'FreeMem', children: [], text: '1' }] },
      { name: 'EMI', children: [], text: 'e' },
      { name: 'FieldLevel', children: [] },
    ],
  };
  const el = writeMessage(messageWith([{ kind: 'Add', cmdID: '1', meta, items: [] }])).children[1]?.children[0];
  const metaEl = el?.children[1];
  assert.deepEqual(metaEl?.children.map((c) => [c.name, c.ns]), [
    ['FieldLevel', 'syncml:metinf'], ['Type', 'syncml:metinf'], ['EMI', 'syncml:metinf'], ['Mem', 'syncml:metinf'],
  ]);
});

test('a message built by the engine reads back as built', () => {
  const msg = messageWith([
    { kind: 'Status', cmdID: '1', msgRef: '1', cmdRef: '0', cmd: 'SyncHdr', targetRefs: ['a'], sourceRefs: ['b'], data: '212', items: [] },
    { kind: 'Alert', cmdID: '2', data: 201, items: [{ target: { locURI: 'c' }, source: { locURI: './c' }, meta: { anchor: { last: '1', next: '2' } } }] },
    { kind: 'Map', cmdID: '3', target: { locURI: 't' }, source: { locURI: 's' }, mapItems: [{ target: 'g', source: 'l' }] },
    { kind: 'Results', cmdID: '4', msgRef: '1', cmdRef: '2', meta: { type: 'application/vnd.syncml-devinf+xml' }, targetRefs: [], sourceRefs: ['./devinf12'], items: [{ source: { locURI: './devinf12' } }] },
    { kind: 'Exec', cmdID: '5', correlator: 'c1', items: [{ target: { locURI: 'x' } }] },
    { kind: 'Sequence', cmdID: '6', commands: [{ kind: 'Get', cmdID: '7', lang: 'en', items: [{ target: { locURI: './devinf12' } }] }] },
  ]);
  assert.deepEqual(readMessage(decode(encode(writeMessage(msg), 'xml'), 'xml')), msg);
});
