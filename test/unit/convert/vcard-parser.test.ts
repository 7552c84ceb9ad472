// The vCard reader: unfolding, parameters, encodings, charsets, escaping and the oddities phones send.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unfoldLines } from '../../../gateway/convert/vcard/content-lines.ts';
import { parseVCard, type VCard, type VCardProperty } from '../../../gateway/convert/vcard/index.ts';

const card = (version: string, ...lines: string[]): string =>
  ['BEGIN:VCARD', `VERSION:${version}`, ...lines, 'END:VCARD', ''].join('\r\n');

function property(parsed: VCard, name: string): VCardProperty {
  const found = parsed.properties.find((candidate) => candidate.name === name);
  assert.ok(found, `no ${name}`);
  return found;
}

const parts = (parsed: VCard, name: string): string[][] | string => {
  const { value } = property(parsed, name);
  return value.kind === 'text' ? value.parts : value.base64;
};
const params = (parsed: VCard, name: string): Record<string, string[]> => Object.fromEntries(property(parsed, name).params);

describe('line unfolding', () => {
  test('3.0 drops the line break and one white space character (RFC 2425 5.8.1)', () => {
    assert.deepEqual(unfoldLines('NOTE:abc\r\n def\r\n\t ghi\r\n', '3.0'), ['NOTE:abcdef ghi']);
  });

  test('2.1 folds only where white space is: the white space stays', () => {
    assert.deepEqual(unfoldLines('NOTE:abc\r\n def\r\n', '2.1'), ['NOTE:abc def']);
  });

  test('quoted-printable soft line breaks span lines, whatever the next line starts with', () => {
    const lines = unfoldLines('NOTE;ENCODING=QUOTED-PRINTABLE:one=\r\n two=  \r\nthree\r\nTEL:1\r\n', '2.1');
    assert.deepEqual(lines, ['NOTE;ENCODING=QUOTED-PRINTABLE:one twothree', 'TEL:1']);
  });

  test('a trailing = is not a soft break when the value is not quoted-printable', () => {
    assert.deepEqual(unfoldLines('NOTE:ends with=\r\nFN:x\r\n', '3.0'), ['NOTE:ends with=', 'FN:x']);
  });

  test('LF, CR and \\r\\r\\n line ends; empty lines dropped', () => {
    assert.deepEqual(unfoldLines('A:1\nB:2\rC:3\r\r\nD:4\r\n\r\n\nE:5', '3.0'), ['A:1', 'B:2', 'C:3', 'D:4', 'E:5']);
  });

  test('a line that is not a property continues the previous value after a line break', () => {
    assert.deepEqual(unfoldLines('NOTE:line one\nline two\nTEL:1', '2.1'), ['NOTE:line one\nline two', 'TEL:1']);
  });
});

describe('names, groups and parameters', () => {
  test('lowercase names are upper-cased; groups keep their case', () => {
    const parsed = parseVCard(card('3.0', 'item1.tel;type=pref:+1', 'item1.X-ABLabel:Work'));
    const tel = property(parsed, 'TEL');
    assert.equal(tel.group, 'item1');
    assert.deepEqual(Object.fromEntries(tel.params), { TYPE: ['pref'] });
    assert.equal(property(parsed, 'X-ABLABEL').group, 'item1');
  });

  test('2.1 bare parameters are TYPE values, bare encodings are ENCODING', () => {
    const parsed = parseVCard(card('2.1', 'TEL;CELL;PREF:+1', 'NOTE;QUOTED-PRINTABLE:a=3Db'));
    assert.deepEqual(params(parsed, 'TEL'), { TYPE: ['CELL', 'PREF'] });
    assert.deepEqual(parts(parsed, 'NOTE'), [['a=b']]);
    assert.deepEqual(params(parsed, 'NOTE'), {});
  });

  test('TYPE=a,b and TYPE=a;TYPE=b give the same list', () => {
    const parsed = parseVCard(card('3.0', 'TEL;TYPE=WORK,VOICE:1', 'EMAIL;TYPE=WORK;TYPE=INTERNET:a@b'));
    assert.deepEqual(params(parsed, 'TEL'), { TYPE: ['WORK', 'VOICE'] });
    assert.deepEqual(params(parsed, 'EMAIL'), { TYPE: ['WORK', 'INTERNET'] });
  });

  test('quoted parameter values may hold ; : and ,', () => {
    const parsed = parseVCard(card('3.0', 'X-TEST;X-A="x;y:z";X-B="p,q",r:value'));
    assert.deepEqual(params(parsed, 'X-TEST'), { 'X-A': ['x;y:z'], 'X-B': ['p,q', 'r'] });
    assert.deepEqual(parts(parsed, 'X-TEST'), [['value']]);
  });

  test('CHARSET and ENCODING are consumed; VALUE=URL becomes VALUE=uri', () => {
    const parsed = parseVCard(card('2.1', 'PHOTO;VALUE=URL;TYPE=GIF:http://example.com/a.gif', 'NOTE;CHARSET="UTF-8":x'));
    assert.deepEqual(params(parsed, 'PHOTO'), { VALUE: ['uri'], TYPE: ['GIF'] });
    assert.deepEqual(parts(parsed, 'PHOTO'), [['http://example.com/a.gif']]);
    assert.deepEqual(params(parsed, 'NOTE'), {});
  });
});

describe('encodings and charsets', () => {
  test('quoted-printable in UTF-8, ISO-8859-1 and Windows-1252', () => {
    const parsed = parseVCard(
      card(
        '2.1',
        'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg',
        'ORG;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:B=E4ckerei M=FCller',
        'NOTE;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:=80 5 =96 =84gut=93',
      ),
    );
    assert.deepEqual(parts(parsed, 'N'), [['Müller'], ['Jörg']]);
    assert.deepEqual(parts(parsed, 'ORG'), [['Bäckerei Müller']]);
    assert.deepEqual(parts(parsed, 'NOTE'), [['€ 5 – „gut“']]);
  });

  test('without CHARSET, UTF-8 is tried first, then Windows-1252', () => {
    const parsed = parseVCard(card('2.1', 'FN;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg', 'NOTE;ENCODING=QUOTED-PRINTABLE:K=F6ln'));
    assert.deepEqual(parts(parsed, 'FN'), [['Jörg']]);
    assert.deepEqual(parts(parsed, 'NOTE'), [['Köln']]);
  });

  test('quoted-printable line breaks become \\n', () => {
    const parsed = parseVCard(card('2.1', 'NOTE;ENCODING=QUOTED-PRINTABLE:a=0D=0Ab=0Ac'));
    assert.deepEqual(parts(parsed, 'NOTE'), [['a\nb\nc']]);
  });

  test('ENCODING=b and ENCODING=BASE64 are binary, white space removed', () => {
    const parsed = parseVCard(card('3.0', 'PHOTO;ENCODING=b;TYPE=JPEG:AAEC', ' AwQF', 'LOGO;ENCODING=BASE64;TYPE=PNG:BgcI'));
    assert.equal(parts(parsed, 'PHOTO'), 'AAECAwQF');
    assert.equal(parts(parsed, 'LOGO'), 'BgcI');
    assert.deepEqual(params(parsed, 'PHOTO'), { TYPE: ['JPEG'] });
  });
});

describe('escaping and structure', () => {
  test('3.0 escapes \\n \\N \\, \\; \\\\ (and Apple\'s \\:)', () => {
    const parsed = parseVCard(card('3.0', 'NOTE:a\\nb\\Nc\\, d\\; e\\\\f', 'URL:http\\://example.com'));
    assert.deepEqual(parts(parsed, 'NOTE'), [['a\nb\nc, d; e\\f']]);
    assert.deepEqual(parts(parsed, 'URL'), [['http://example.com']]);
  });

  test('2.1 escapes only ; and \\ (and ,): \\n is text', () => {
    const parsed = parseVCard(card('2.1', 'N:Last;First \\; special;;;', 'NOTE:C:\\new \\\\ x, y'));
    assert.deepEqual(parts(parsed, 'N'), [['Last'], ['First ; special'], [''], [''], ['']]);
    assert.deepEqual(parts(parsed, 'NOTE'), [['C:\\new \\ x, y']]);
  });

  test('N and ADR components are comma lists in 3.0, plain text in 2.1', () => {
    assert.deepEqual(parts(parseVCard(card('3.0', 'N:Doe;John;Paul,George;;')), 'N'), [['Doe'], ['John'], ['Paul', 'George'], [''], ['']]);
    assert.deepEqual(parts(parseVCard(card('2.1', 'ADR:;;Main St, Apt 4;Town;;;')), 'ADR'), [[''], [''], ['Main St, Apt 4'], ['Town'], [''], [''], ['']]);
  });

  test('CATEGORIES: a comma list; 2.1 also separates with ;', () => {
    assert.deepEqual(parts(parseVCard(card('3.0', 'CATEGORIES:a,b\\,c')), 'CATEGORIES'), [['a', 'b,c']]);
    assert.deepEqual(parts(parseVCard(card('2.1', 'CATEGORIES:a;b,c')), 'CATEGORIES'), [['a', 'b', 'c']]);
  });

  test('GEO: 2.1 "lat,long", 3.0 "lat;long"', () => {
    assert.deepEqual(parts(parseVCard(card('2.1', 'GEO:37.24,-17.87')), 'GEO'), [['37.24'], ['-17.87']]);
    assert.deepEqual(parts(parseVCard(card('3.0', 'GEO:37.24;-17.87')), 'GEO'), [['37.24'], ['-17.87']]);
  });

  test('unknown properties keep their ; and , structure', () => {
    assert.deepEqual(parts(parseVCard(card('3.0', 'X-FOO:a;b,c\\,d')), 'X-FOO'), [['a'], ['b', 'c,d']]);
  });
});

describe('tolerance', () => {
  test('a nested 2.1 AGENT card is kept as text and does not end the outer card', () => {
    const parsed = parseVCard(
      card('2.1', 'N:Boss;Big', 'AGENT:', 'BEGIN:VCARD', 'VERSION:2.1', 'N:Friday;Fred', 'TEL;WORK:+1', 'END:VCARD', 'TEL;CELL:+2'),
    );
    assert.deepEqual(parts(parsed, 'N'), [['Boss'], ['Big']]);
    assert.deepEqual(parts(parsed, 'AGENT'), [['BEGIN:VCARD\nVERSION:2.1\nN:Friday;Fred\nTEL;WORK:+1\nEND:VCARD']]);
    assert.deepEqual(parts(parsed, 'TEL'), [['+2']]);
  });

  test('AGENT:BEGIN:VCARD on one line', () => {
    const parsed = parseVCard(card('2.1', 'AGENT:BEGIN:VCARD', 'N:Friday;Fred', 'END:VCARD', 'N:Boss;Big'));
    assert.deepEqual(parts(parsed, 'AGENT'), [['BEGIN:VCARD\nN:Friday;Fred\nEND:VCARD']]);
    assert.deepEqual(parts(parsed, 'N'), [['Boss'], ['Big']]);
  });

  test('4.0: data: URI photos become binary, tel: URIs plain numbers, PREF=1 TYPE=PREF', () => {
    const parsed = parseVCard(card('4.0', 'PHOTO:data:image/jpeg;base64,AAEC', 'TEL;VALUE=uri;PREF=1;TYPE="cell,voice":tel:+1-555'));
    assert.equal(parts(parsed, 'PHOTO'), 'AAEC');
    assert.deepEqual(params(parsed, 'PHOTO'), { TYPE: ['JPEG'] });
    assert.deepEqual(parts(parsed, 'TEL'), [['+1-555']]);
    assert.deepEqual(params(parsed, 'TEL'), { TYPE: ['PREF', 'cell', 'voice'] });
  });

  test('BOM, text before BEGIN, spaces in BEGIN/VERSION/END, second card ignored', () => {
    const parsed = parseVCard('\uFEFFjunk\r\nBEGIN:VCARD \r\nVERSION : 2.1\r\nN:A;B\r\nEND:VCARD  \r\nBEGIN:VCARD\r\nN:C;D\r\nEND:VCARD\r\n');
    assert.equal(parsed.version, '2.1');
    assert.deepEqual(parsed.properties.map((candidate) => candidate.name), ['N']);
  });

  test('a line that is no property is skipped', () => {
    const parsed = parseVCard('BEGIN:VCARD\r\nthis is not a property\r\nN:A;B\r\nEND:VCARD\r\n', '3.0');
    assert.deepEqual(parts(parsed, 'N'), [['A'], ['B']]);
  });
});
