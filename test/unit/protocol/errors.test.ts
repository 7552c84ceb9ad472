// Messages that are not usable SyncML: a ProtocolError with a status and what header was read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode } from '../../../gateway/codec/index.ts';
import { ProtocolError } from '../../../gateway/protocol/errors.ts';
import { readMessage } from '../../../gateway/protocol/read.ts';

const parse = (xml: string) => readMessage(decode(new TextEncoder().encode(xml), 'xml'));

function protocolError(status: number, check?: (e: ProtocolError) => void) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof ProtocolError, `expected a ProtocolError, got ${String(err)}`);
    assert.equal(err.status, status, err.message);
    check?.(err);
    return true;
  };
}

test('a non-SyncML root is a 400', () => {
  assert.throws(() => parse('<html><body>hello</body></html>'), protocolError(400, (e) => assert.deepEqual(e.hdr, {})));
  assert.throws(() => parse(`<SyncML xmlns='SYNCML:SYNCML1.2'><SyncBody/></SyncML>`), protocolError(400));
});

test('an unknown VerDTD is a 505 that still carries the header', () => {
  const xml = `<SyncML><SyncHdr><VerDTD>2.0</VerDTD><VerProto>SyncML/2.0</VerProto><SessionID>12</SessionID>` +
    `<MsgID>3</MsgID><Target><LocURI>http://gw</LocURI></Target><Source><LocURI>dev</LocURI></Source></SyncHdr><SyncBody/></SyncML>`;
  assert.throws(() => parse(xml), protocolError(505, (e) => {
    assert.equal(e.hdr.sessionID, '12');
    assert.equal(e.hdr.msgID, '3');
    assert.deepEqual(e.hdr.source, { locURI: 'dev' });
    assert.deepEqual(e.hdr.target, { locURI: 'http://gw' });
  }));
});

test('an OMA DM message (VerProto DM/1.2) is refused with 513', () => {
  const xml = `<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID>` +
    `<MsgID>1</MsgID><Target><LocURI>http://gw</LocURI></Target><Source><LocURI>dev</LocURI></Source></SyncHdr><SyncBody/></SyncML>`;
  assert.throws(() => parse(xml), protocolError(513, (e) => assert.equal(e.version, '1.2')));
});

test('a header without SessionID or Source is a 400 with the rest of the header', () => {
  const xml = `<SyncML xmlns='SYNCML:SYNCML1.1'><SyncHdr><VerDTD>1.1</VerDTD><VerProto>SyncML/1.1</VerProto>` +
    `<MsgID>1</MsgID><Target><LocURI>http://gw</LocURI></Target></SyncHdr><SyncBody/></SyncML>`;
  assert.throws(() => parse(xml), protocolError(400, (e) => {
    assert.match(e.message, /SessionID/);
    assert.match(e.message, /Source/);
    assert.equal(e.hdr.msgID, '1');
    assert.equal(e.version, '1.1');
  }));
});

test('a missing VerDTD falls back to the root namespace; with neither it is a 400', () => {
  const hdr = (ns: string) => `<SyncML${ns}><SyncHdr><VerProto>SyncML/1.1</VerProto><SessionID>1</SessionID><MsgID>1</MsgID>` +
    `<Target><LocURI>a</LocURI></Target><Source><LocURI>b</LocURI></Source></SyncHdr><SyncBody/></SyncML>`;
  const msg = parse(hdr(` xmlns="syncml:syncml1.1"`));
  assert.equal(msg.version, '1.1');
  assert.equal(msg.hdr.verDTD, '1.1');
  assert.throws(() => parse(hdr('')), protocolError(400));
});

test('a message without SyncBody is a 400 with the whole header', () => {
  const xml = `<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2</VerDTD><VerProto>SyncML/1.2</VerProto><SessionID>1</SessionID>` +
    `<MsgID>4</MsgID><Target><LocURI>http://gw</LocURI></Target><Source><LocURI>dev</LocURI></Source></SyncHdr></SyncML>`;
  assert.throws(() => parse(xml), protocolError(400, (e) => assert.equal(e.hdr.msgID, '4')));
});
