// estimateSize: the bytes a command adds to an XML message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode } from '../../../gateway/codec/index.ts';
import type { Command, SyncMLMessage } from '../../../gateway/protocol/model.ts';
import { estimateSize } from '../../../gateway/protocol/size.ts';
import { writeMessage } from '../../../gateway/protocol/write.ts';

const base: SyncMLMessage = {
  version: '1.1',
  hdr: { verDTD: '1.1', verProto: 'SyncML/1.1', sessionID: '1', msgID: '1', target: { locURI: 'a' }, source: { locURI: 'b' } },
  body: [{ kind: 'Alert', cmdID: '1', data: 222, items: [] }],
  final: false,
};

test('estimateSize equals the growth of the encoded message', () => {
  const vcard = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë & <Co>]]>\r\nEND:VCARD\r\n';
  const commands: Command[] = [
    { kind: 'Add', cmdID: '2', meta: { type: 'text/vcard' }, items: [{ source: { locURI: '1' }, data: vcard }] },
    { kind: 'Replace', cmdID: '3', items: [{ source: { locURI: '2' }, data: 'a & b', dataCdata: false, moreData: true }] },
    { kind: 'Status', cmdID: '4', msgRef: '1', cmdRef: '2', cmd: 'Add', targetRefs: [], sourceRefs: ['1'], data: '201', items: [] },
  ];
  const before = encode(writeMessage(base), 'xml').length;
  for (const cmd of commands) {
    const after = encode(writeMessage({ ...base, body: [...base.body, cmd] }), 'xml').length;
    assert.equal(estimateSize(cmd), after - before, cmd.kind);
  }
});

test('estimateSize grows with the UTF-8 size of item data', () => {
  const cmd = (data: string): Command => ({ kind: 'Add', cmdID: '1', items: [{ data }] });
  assert.equal(estimateSize(cmd('éé')) - estimateSize(cmd('ee')), 2);
});
