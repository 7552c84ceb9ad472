// Reading SyncML messages: header, Meta in its several spellings, items, commands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode } from '../../../gateway/codec/index.ts';
import type { Alert, ItemCommand, MapCommand, Put, Status, Sync, UnknownCommand } from '../../../gateway/protocol/model.ts';
import { readMessage } from '../../../gateway/protocol/read.ts';
import { traceBytes } from './trace-files.ts';

const parse = (xml: string) => readMessage(decode(new TextEncoder().encode(xml), 'xml'));

const HDR = (ver: string, extra = '') =>
  `<SyncHdr><VerDTD>${ver}</VerDTD><VerProto>SyncML/${ver}</VerProto><SessionID>7</SessionID><MsgID>1</MsgID>` +
  `<Target><LocURI>http://gw/syncml</LocURI></Target><Source><LocURI>IMEI:1</LocURI><LocName>alice</LocName></Source>${extra}</SyncHdr>`;

const message = (body: string, ver = '1.2', hdrExtra = '') =>
  `<SyncML xmlns='SYNCML:SYNCML${ver}'>${HDR(ver, hdrExtra)}<SyncBody>${body}<Final/></SyncBody></SyncML>`;

test('SyncHdr with Cred (b64 Format, auth type) and Meta sizes', () => {
  const msg = parse(message('', '1.2',
    `<RespURI>http://gw/syncml?s=1</RespURI><NoResp/><Cred><Meta><Format xmlns='syncml:metinf'>b64</Format>` +
      `<Type xmlns='syncml:metinf'>syncml:auth-basic</Type></Meta><Data>YWxpY2U6c2VjcmV0</Data></Cred>` +
      `<Meta><MaxMsgSize xmlns='syncml:metinf'>150000</MaxMsgSize><MaxObjSize xmlns='syncml:metinf'>4000000</MaxObjSize></Meta>`));
  assert.equal(msg.version, '1.2');
  assert.equal(msg.final, true);
  assert.deepEqual(msg.hdr, {
    verDTD: '1.2', verProto: 'SyncML/1.2', sessionID: '7', msgID: '1',
    target: { locURI: 'http://gw/syncml' }, source: { locURI: 'IMEI:1', locName: 'alice' },
    respURI: 'http://gw/syncml?s=1', noResp: true,
    cred: { meta: { format: 'b64', type: 'syncml:auth-basic' }, data: 'YWxpY2U6c2VjcmV0' },
    meta: { maxMsgSize: 150000, maxObjSize: 4000000 },
  });
});

test('namespace-less messages (Funambol, Sync4j) read the same; version comes from VerDTD', () => {
  const msg = readMessage(decode(traceBytes('horde-syncml/testcase_sync4j_pocketpc_contacts/syncml_client_10.xml'), 'xml'));
  assert.equal(msg.version, '1.1');
  assert.deepEqual(msg.hdr.cred, { meta: { format: 'b64', type: 'syncml:auth-basic' }, data: 'c3luY21sdGVzdDpzeW5jbWx0ZXN0' });
  const alert = msg.body[0] as Alert;
  assert.equal(alert.kind, 'Alert');
  assert.equal(alert.data, 200);
  assert.deepEqual(alert.items[0]?.meta, { anchor: { last: '0', next: '26429128' } });
});

test('Meta children in every spelling: xmlns per child, prefixed, undeclared mi:, namespaced Meta, MetInf wrapper', () => {
  const spellings = [
    `<Meta><Type xmlns='syncml:metinf'>text/x-vcard</Type><Format xmlns='syncml:metinf'>b64</Format></Meta>`,
    `<Meta xmlns:m='syncml:metinf'><m:Type>text/x-vcard</m:Type><m:Format>b64</m:Format></Meta>`,
    `<Meta><mi:Type>text/x-vcard</mi:Type><mi:Format>b64</mi:Format></Meta>`,
    `<Meta xmlns='syncml:metinf'><Type>text/x-vcard</Type><Format>b64</Format></Meta>`,
    `<Meta><MetInf xmlns='syncml:metinf'><Type>text/x-vcard</Type><Format>b64</Format></MetInf></Meta>`,
    `<Meta><Type>text/x-vcard</Type><Format>b64</Format></Meta>`,
  ];
  for (const meta of spellings) {
    const msg = parse(message(`<Put><CmdID>1</CmdID>${meta}<Item><Data>x</Data></Item></Put>`, '1.0'));
    assert.deepEqual((msg.body[0] as Put).meta, { type: 'text/x-vcard', format: 'b64' }, meta);
  }
});

test('anchors, Mark, Size, Version, NextNonce; unknown MetInf children kept in extra', () => {
  const msg = parse(message(
    `<Alert><CmdID>3</CmdID><Data>200</Data><Item><Target><LocURI>./contacts</LocURI></Target><Source><LocURI>contacts</LocURI></Source>` +
      `<Meta><Anchor xmlns='syncml:metinf'><Last>20240101T000000Z</Last><Next>20240102T000000Z</Next></Anchor>` +
      `<Mark xmlns='syncml:metinf'>x</Mark><Size xmlns='syncml:metinf'>42</Size><Version xmlns='syncml:metinf'>3</Version>` +
      `<NextNonce xmlns='syncml:metinf'>bm9uY2U=</NextNonce><EMI xmlns='syncml:metinf'>datapos=1</EMI>` +
      `<Mem xmlns='syncml:metinf'><FreeMem>100</FreeMem></Mem><MaxObjSize xmlns='syncml:metinf'>lots</MaxObjSize></Meta></Item></Alert>`));
  const meta = (msg.body[0] as Alert).items[0]?.meta;
  assert.deepEqual(meta, {
    anchor: { last: '20240101T000000Z', next: '20240102T000000Z' },
    mark: 'x', size: 42, version: '3', nextNonce: 'bm9uY2U=',
    extra: [
      { name: 'EMI', children: [], text: 'datapos=1' },
      { name: 'Mem', children: [{ name: 'FreeMem', children: [], text: '100' }] },
      { name: 'MaxObjSize', children: [], text: 'lots' },
    ],
  });
});

test('Status with Chal, refs and an anchor item', () => {
  const msg = parse(message(
    `<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><TargetRef>http://gw/syncml</TargetRef>` +
      `<SourceRef>IMEI:1</SourceRef><Chal><Meta><Format xmlns='syncml:metinf'>b64</Format><Type xmlns='syncml:metinf'>syncml:auth-md5</Type>` +
      `<NextNonce xmlns='syncml:metinf'>YEY1T00iISE=</NextNonce></Meta></Chal><Data>401</Data></Status>` +
      `<Status><CmdID>2</CmdID><MsgRef>1</MsgRef><CmdRef>3</CmdRef><Cmd>Alert</Cmd><Data>200</Data>` +
      `<Item><Data><Anchor xmlns='syncml:metinf'><Next>5</Next></Anchor></Data></Item></Status>`));
  const [hdrStatus, alertStatus] = msg.body as Status[];
  assert.deepEqual(hdrStatus, {
    kind: 'Status', cmdID: '1', msgRef: '1', cmdRef: '0', cmd: 'SyncHdr',
    targetRefs: ['http://gw/syncml'], sourceRefs: ['IMEI:1'],
    chal: { meta: { format: 'b64', type: 'syncml:auth-md5', nextNonce: 'YEY1T00iISE=' } },
    data: '401', items: [],
  });
  assert.deepEqual(alertStatus?.items[0]?.dataAnchor, { next: '5' });
});

test('Map with MapItems', () => {
  const msg = parse(message(
    `<Map><CmdID>4</CmdID><Target><LocURI>./contacts</LocURI></Target><Source><LocURI>contacts</LocURI></Source>` +
      `<MapItem><Target><LocURI>srv-1</LocURI></Target><Source><LocURI>17</LocURI></Source></MapItem>` +
      `<MapItem><Target><LocURI>srv-2</LocURI></Target><Source><LocURI>18</LocURI></Source></MapItem></Map>`));
  assert.deepEqual(msg.body[0] as MapCommand, {
    kind: 'Map', cmdID: '4', target: { locURI: './contacts' }, source: { locURI: 'contacts' },
    mapItems: [{ target: 'srv-1', source: '17' }, { target: 'srv-2', source: '18' }],
  });
});

test('Sync with nested changes in order; CRLF, CDATA and b64 item data', () => {
  const vcard = 'BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;Jane\r\nEND:VCARD\r\n';
  const msg = parse(message(
    `<Sync><CmdID>5</CmdID><Target><LocURI>./contacts</LocURI></Target><Source><LocURI>contacts</LocURI></Source>` +
      `<NumberOfChanges>3</NumberOfChanges>` +
      `<Add><CmdID>6</CmdID><Meta><Type xmlns='syncml:metinf'>text/x-vcard</Type></Meta><Item><Source><LocURI>1</LocURI></Source><Data><![CDATA[${vcard}]]></Data></Item></Add>` +
      `<Atomic><CmdID>7</CmdID><Replace><CmdID>8</CmdID><Item><Source><LocURI>2</LocURI></Source><Meta><Format xmlns='syncml:metinf'>b64</Format></Meta><Data>QkVHSU4=</Data></Item></Replace></Atomic>` +
      `<Delete><CmdID>9</CmdID><Archive/><SftDel/><Item><Source><LocURI>3</LocURI></Source></Item></Delete>` +
      `</Sync>`));
  const sync = msg.body[0] as Sync;
  assert.equal(sync.numberOfChanges, 3);
  assert.deepEqual(sync.commands.map((c) => c.kind), ['Add', 'Atomic', 'Delete']);
  const add = sync.commands[0] as ItemCommand;
  assert.equal(add.items[0]?.data, vcard);
  assert.equal(add.items[0]?.dataCdata, true);
  const replace = (sync.commands[1] as { commands: ItemCommand[] }).commands[0];
  assert.deepEqual(replace?.items[0], { source: { locURI: '2' }, meta: { format: 'b64' }, data: 'QkVHSU4=', dataCdata: false });
  const del = sync.commands[2] as ItemCommand;
  assert.equal(del.archive, true);
  assert.equal(del.softDelete, true);
});

test('large objects: Size in Meta and MoreData on the item', () => {
  const msg = parse(message(
    `<Add><CmdID>2</CmdID><Meta><Size xmlns='syncml:metinf'>30000</Size></Meta><Item><Source><LocURI>big</LocURI></Source><Data>part one</Data><MoreData/></Item></Add>`));
  const add = msg.body[0] as ItemCommand;
  assert.equal(add.meta?.size, 30000);
  assert.equal(add.items[0]?.moreData, true);
});

test('unknown commands are kept whole', () => {
  const msg = parse(message(`<Frobnicate><CmdID>9</CmdID><NoResp/><Weird>1</Weird></Frobnicate>`));
  const cmd = msg.body[0] as UnknownCommand;
  assert.equal(cmd.kind, 'Unknown');
  assert.equal(cmd.name, 'Frobnicate');
  assert.equal(cmd.cmdID, '9');
  assert.equal(cmd.noResp, true);
  assert.equal(cmd.element.children.length, 3);
});

test('Final is optional', () => {
  const msg = parse(`<SyncML xmlns='SYNCML:SYNCML1.1'>${HDR('1.1')}<SyncBody><Alert><CmdID>1</CmdID><Data>222</Data></Alert></SyncBody></SyncML>`);
  assert.equal(msg.final, false);
  assert.equal((msg.body[0] as Alert).data, 222);
});
