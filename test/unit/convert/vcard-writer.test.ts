// The vCard writers (3.0 and 2.1), required properties, format detection and UID reading.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { foldLine } from '../../../gateway/convert/vcard/fold-line.ts';
import {
  parseVCard,
  readVCardUid,
  toClientVCard,
  toServerVCard,
  vcardFormatOf,
  writeVCard21,
  writeVCard30,
  type VCard,
} from '../../../gateway/convert/vcard/index.ts';
import { octets, unfolded30 } from './vcard-support.ts';

const card = (version: string, ...lines: string[]): string =>
  ['BEGIN:VCARD', `VERSION:${version}`, ...lines, 'END:VCARD', ''].join('\r\n');

const model = (...properties: VCard['properties']): VCard => ({ version: '3.0', properties });
const text = (name: string, parts: string[][], params: Record<string, string[]> = {}) => ({
  group: undefined,
  name,
  params: new Map(Object.entries(params)),
  value: { kind: 'text' as const, parts },
});

describe('folding at 75 octets', () => {
  for (const [label, unit] of [['ASCII', 'a'], ['2-octet', 'ä'], ['3-octet', '€'], ['4-octet', '😀']] as const) {
    test(`${label} characters are never split`, () => {
      const line = `NOTE:${unit.repeat(200)}`;
      const folded = foldLine(line);
      for (const physical of folded.split('\r\n')) {
        assert.ok(octets(physical) <= 75, `${octets(physical)} octets`);
        assert.equal(Buffer.from(physical, 'utf8').toString('utf8'), physical, 'valid UTF-8 on its own');
        assert.doesNotMatch(physical, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'no lone surrogate');
      }
      assert.equal(folded.replace(/\r\n /g, ''), line);
    });
  }
});

describe('vCard 3.0 writer', () => {
  test('escapes text, lists and components; leaves URIs alone', () => {
    const written = writeVCard30(
      model(
        text('N', [['Doe'], ['John'], ['Paul', 'George'], [''], ['']]),
        text('NOTE', [['a\\b, c; d\ne']]),
        text('CATEGORIES', [['x', 'y,z']]),
        text('URL', [['http://example.com/a,b;c']]),
      ),
    );
    assert.deepEqual(unfolded30(written), [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Doe;John;Paul,George;;',
      'NOTE:a\\\\b\\, c\\; d\\ne',
      'CATEGORIES:x,y\\,z',
      'URL:http://example.com/a,b;c',
      'END:VCARD',
    ]);
  });

  test('parameter values are quoted when they hold ; : , or spaces', () => {
    const written = writeVCard30(model(text('X-TEST', [['v']], { TYPE: ['WORK', 'VOICE'], 'X-A': ['has space'], 'X-B': ['a:b'] })));
    assert.ok(unfolded30(written).includes('X-TEST;TYPE=WORK,VOICE;X-A="has space";X-B="a:b":v'));
  });

  test('names RFC 2426 does not allow are made valid; control characters are dropped', () => {
    const written = writeVCard30(model(text('X-FOO_BAR', [['a\u0000b\u001bc\td']], { X_P: ['1'] })));
    assert.ok(unfolded30(written).includes('X-FOO-BAR;X-P=1:abc\td'));
  });

  test('binary values are ENCODING=b', () => {
    const written = writeVCard30(model({ group: 'item1', name: 'PHOTO', params: new Map([['TYPE', ['PNG']]]), value: { kind: 'binary', base64: 'AAEC' } }));
    assert.ok(unfolded30(written).includes('item1.PHOTO;ENCODING=b;TYPE=PNG:AAEC'));
  });
});

describe('vCard 2.1 writer', () => {
  const written = writeVCard21(
    model(
      text('N', [['Müller'], ['Jürgen'], [''], [''], ['']]),
      text('TEL', [['+491701234567']], { TYPE: ['cell', 'pref'] }),
      text('NOTE', [[`line one\nline two = three ${'x'.repeat(80)} `]]),
      text('PHOTO', [['http://example.com/p.jpg']], { VALUE: ['uri'] }),
      text('X-SEMI', [['a;b']]),
    ),
  );
  const lines = written.split('\r\n');
  const joined = written.replace(/=\r\n/g, '').split('\r\n');

  test('types are bare and upper case; VALUE=uri is VALUE=URL', () => {
    assert.ok(lines.includes('TEL;CELL;PREF:+491701234567'));
    assert.ok(lines.includes('PHOTO;VALUE=URL:http://example.com/p.jpg'));
  });

  test('non-ASCII and line breaks are UTF-8 quoted-printable; ; is escaped', () => {
    assert.ok(joined.includes('N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:M=C3=BCller;J=C3=BCrgen;;;'));
    assert.ok(lines.includes('X-SEMI:a\\;b'));
    const note = joined.find((line) => line.startsWith('NOTE'));
    assert.equal(note, `NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:line one=0D=0Aline two =3D three ${'x'.repeat(80)}=20`);
  });

  test('quoted-printable lines stay within 76 characters; none ends in or starts with a space', () => {
    for (const line of lines) {
      assert.ok(line.length <= 76, line);
      assert.doesNotMatch(line, /[ \t]=?$/);
    }
    const noteStart = lines.findIndex((line) => line.startsWith('NOTE'));
    assert.ok(lines[noteStart + 1]!.length > 0 && !/^[ \t]/.test(lines[noteStart + 1]!));
  });

  test('CRLF everywhere, VERSION:2.1 first', () => {
    assert.ok(written.startsWith('BEGIN:VCARD\r\nVERSION:2.1\r\n'));
    assert.doesNotMatch(written.replace(/\r\n/g, ''), /[\r\n]/);
  });

  test('a 3.0 AGENT card is written nested, as 2.1 does', () => {
    const server = card('3.0', 'N:Boss;Big;;;', 'FN:Big Boss', 'AGENT:BEGIN:VCARD\\nVERSION:2.1\\nN:Friday\\;Fred\\nEND:VCARD', 'UID:1');
    assert.match(toClientVCard(server, 'text/x-vcard'), /\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2\.1\r\nN:Friday;Fred\r\nEND:VCARD\r\nUID:1\r\n/);
  });
});

describe('required properties', () => {
  const ids = (): (() => string) => {
    let next = 0;
    return () => `id-${++next}`;
  };

  test('FN from N: prefix given additional family suffix', () => {
    const lines = unfolded30(toServerVCard(card('2.1', 'N:Doe;John;Q.;Dr.;Jr.'), 'text/x-vcard', { newUid: ids() }));
    assert.ok(lines.includes('FN:Dr. John Q. Doe Jr.'));
  });

  test('FN from ORG, else EMAIL; N from FN', () => {
    const org = unfolded30(toServerVCard(card('3.0', 'ORG:Acme\\, Inc.;Sales'), 'text/vcard', { newUid: ids() }));
    assert.deepEqual(org.slice(2, 4), ['FN:Acme\\, Inc.\\, Sales', 'N:Acme\\, Inc.\\, Sales;;;;']);
    const email = unfolded30(toServerVCard(card('3.0', 'EMAIL:a@example.com'), 'text/vcard', { newUid: ids() }));
    assert.deepEqual(email.slice(2, 4), ['FN:a@example.com', 'N:a@example.com;;;;']);
  });

  test('UID: the given one, else the item\'s, else a new one', () => {
    const own = card('3.0', 'N:A;B;;;', 'FN:B A', 'UID:own');
    assert.ok(unfolded30(toServerVCard(own, 'text/vcard', { uid: 'given', newUid: ids() })).includes('UID:given'));
    assert.ok(unfolded30(toServerVCard(own, 'text/vcard', { newUid: ids() })).includes('UID:own'));
    const none = card('3.0', 'N:A;B;;;', 'FN:B A', 'UID:');
    const stored = unfolded30(toServerVCard(none, 'text/vcard', { newUid: ids() }));
    assert.deepEqual(stored.filter((line) => line.startsWith('UID')), ['UID:id-1']);
    assert.match(unfolded30(toServerVCard(card('3.0', 'N:A;B;;;'), 'text/vcard')).find((line) => line.startsWith('UID:'))!, /^UID:[0-9a-f-]{36}$/);
  });

  test('toClientVCard invents no UID', () => {
    assert.doesNotMatch(toClientVCard(card('3.0', 'N:A;B;;;', 'FN:B A'), 'text/x-vcard'), /UID/);
  });
});

describe('format and UID detection', () => {
  test('vcardFormatOf: the VERSION line wins over the Meta Type', () => {
    assert.equal(vcardFormatOf('text/x-vcard', card('3.0', 'N:A')), '3.0');
    assert.equal(vcardFormatOf('text/vcard', card('2.1', 'N:A')), '2.1');
    assert.equal(vcardFormatOf('text/vcard', card('4.0', 'N:A')), '4.0');
    assert.equal(vcardFormatOf('text/x-vcard', 'BEGIN:VCARD\r\nN:A\r\nEND:VCARD'), '2.1');
    assert.equal(vcardFormatOf('text/vcard; charset=utf-8', 'BEGIN:VCARD\r\nN:A\r\nEND:VCARD'), '3.0');
    assert.equal(vcardFormatOf(undefined, 'BEGIN:VCARD\r\nN;ENCODING=QUOTED-PRINTABLE:A\r\nEND:VCARD'), '2.1');
  });

  test('readVCardUid', () => {
    assert.equal(readVCardUid(card('3.0', 'N:A', 'UID:abc-1')), 'abc-1');
    assert.equal(readVCardUid(card('2.1', 'N:A', 'UID;ENCODING=QUOTED-PRINTABLE:abc=3D1')), 'abc=1');
    assert.equal(readVCardUid(card('3.0', 'N:A')), undefined);
    assert.equal(readVCardUid(card('3.0', 'N:A', 'UID:')), undefined);
    assert.equal(readVCardUid('not a vcard'), undefined);
  });

  test('the model reads back what the writers wrote', () => {
    const original = parseVCard(card('3.0', 'N:Doe;John;;;', 'FN:John Doe', 'NOTE:a\\nb', 'item1.TEL;TYPE=CELL:1', 'PHOTO;ENCODING=b;TYPE=JPEG:AAEC'));
    assert.deepEqual(parseVCard(writeVCard21(original)).properties, original.properties);
    assert.deepEqual(parseVCard(writeVCard30(original)).properties, original.properties);
  });
});
