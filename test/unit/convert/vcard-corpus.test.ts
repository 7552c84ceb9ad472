// Replays SyncEvolution's contact corpus through the converter: client format -> server 3.0 -> client format.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toClientVCard, toServerVCard, type ClientVCardType } from '../../../gateway/convert/vcard/index.ts';
import { corpusItems, normalisedModel, octets, unfolded30 } from './vcard-support.ts';

const corpora: { file: string; type: ClientVCardType }[] = [
  { file: 'vcard21.vcf', type: 'text/x-vcard' },
  { file: 'eds_contact.vcf', type: 'text/vcard' },
  { file: 'carddav.vcf', type: 'text/vcard' },
  { file: 'qt_contact.vcf', type: 'text/vcard' },
  { file: 'yahoo_contact.vcf', type: 'text/vcard' },
];

let counter = 0;
const newUid = (): string => `generated-${++counter}`;

/** The server adds a UID when the client sent none; that is the one expected difference. */
function dropAddedUid(original: string): { drop: string[] } {
  return { drop: /^UID:./im.test(original) ? [] : ['UID'] };
}

/** RFC 2426 validity checks on what the gateway stores. */
function assertValidServerVCard(server: string): void {
  assert.ok(server.startsWith('BEGIN:VCARD\r\nVERSION:3.0\r\n'), 'starts with BEGIN:VCARD, VERSION:3.0');
  assert.ok(server.endsWith('\r\nEND:VCARD\r\n'), 'ends with END:VCARD and CRLF');
  assert.doesNotMatch(server.replace(/\r\n/g, ''), /[\r\n]/, 'CRLF line ends only');
  for (const line of server.split('\r\n')) assert.ok(octets(line) <= 75, `line longer than 75 octets: ${line}`);
  const lines = unfolded30(server);
  for (const name of ['N', 'FN', 'UID']) {
    assert.equal(lines.filter((line) => new RegExp(`^${name}[;:]`).test(line)).length, 1, `exactly one ${name}`);
  }
  assert.doesNotMatch(server, /QUOTED-PRINTABLE|CHARSET=|ENCODING=BASE64/i, 'no 2.1 encodings');
  assert.equal(lines.filter((line) => /^VERSION:/.test(line)).length, 1, 'one VERSION');
}

for (const { file, type } of corpora) {
  describe(`${file} (${type})`, () => {
    for (const item of corpusItems(file)) {
      test(item.name, () => {
        const server = toServerVCard(item.text, type, { newUid });
        assertValidServerVCard(server);
        const expected = normalisedModel(item.text, dropAddedUid(item.text));
        assert.deepEqual(normalisedModel(server, dropAddedUid(item.text)), expected, 'server copy keeps every property');
        const back = toClientVCard(server, type);
        assert.match(back, type === 'text/x-vcard' ? /^BEGIN:VCARD\r\nVERSION:2\.1\r\n/ : /^BEGIN:VCARD\r\nVERSION:3\.0\r\n/);
        assert.deepEqual(normalisedModel(back, dropAddedUid(item.text)), expected, 'client gets back what it sent');
        assert.equal(toServerVCard(back, type), server, 'storing it again changes nothing');
      });
    }
  });
}

describe('3.0 items through a 2.1 phone and back', () => {
  for (const file of ['eds_contact.vcf', 'carddav.vcf', 'qt_contact.vcf', 'yahoo_contact.vcf']) {
    for (const item of corpusItems(file)) {
      test(`${file}: ${item.name}`, () => {
        const server = toServerVCard(item.text, 'text/vcard', { newUid });
        const phone = toClientVCard(server, 'text/x-vcard');
        assert.doesNotMatch(phone, /[^\r]\n/, 'CRLF line ends');
        const again = toServerVCard(phone, 'text/x-vcard', { newUid });
        assert.deepEqual(normalisedModel(again), normalisedModel(server));
      });
    }
  }
});
