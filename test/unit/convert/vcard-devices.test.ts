// vCard 2.1 as real phones send it (Nokia, Sony Ericsson, Motorola, photos), checked field by field in the stored 3.0.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toClientVCard, toServerVCard } from '../../../gateway/convert/vcard/index.ts';
import { normalisedModel, unfolded30 } from './vcard-support.ts';

const crlf = (lines: readonly string[]): string => `${lines.join('\r\n')}\r\n`;
const newUid = (): string => 'new-uid';

/** Stores `sent` as 3.0 and checks the client gets the same card back as 2.1. */
function store(sent: string): string[] {
  const server = toServerVCard(sent, 'text/x-vcard', { newUid });
  const back = toClientVCard(server, 'text/x-vcard');
  assert.deepEqual(normalisedModel(back, { drop: ['UID', 'FN'] }), normalisedModel(sent, { drop: ['UID', 'FN'] }));
  return unfolded30(server);
}

describe('Nokia (Series 40 / S60)', () => {
  const sent = crlf([
    'BEGIN:VCARD',
    'VERSION:2.1',
    'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;',
    'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller',
    'TEL;CELL;PREF:+491701234567',
    'TEL;WORK;VOICE:+4930123456',
    'TEL;HOME:+4940987654',
    'EMAIL;INTERNET:juergen@example.de',
    'NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Erste Zeile=0D=0AZweite Zeile mit=',
    ' =C3=9Cmlaut und e=',
    'iner langen Zeile, die weich umbrochen wird.',
    'ADR;WORK;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;Hauptstra=C3=9Fe 1;K=C3=B6ln;;50667;Deutschland',
    'ORG:Beispiel GmbH',
    'TITLE:Einkauf',
    'BDAY:19750412',
    'URL:http://www.example.de/',
    'X-NOKIA-PTTID:sip:juergen@ptt.example.de',
    'X-EPOCSECONDNAME:Jo',
    'X-CLASS:private',
    'REV:20091024T110235Z',
    'END:VCARD',
  ]);

  test('stored as 3.0 field by field', () => {
    assert.deepEqual(store(sent), [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Müller;Jürgen;;;',
      'FN:Jürgen Müller',
      'TEL;TYPE=CELL,PREF:+491701234567',
      'TEL;TYPE=WORK,VOICE:+4930123456',
      'TEL;TYPE=HOME:+4940987654',
      'EMAIL;TYPE=INTERNET:juergen@example.de',
      'NOTE:Erste Zeile\\nZweite Zeile mit Ümlaut und einer langen Zeile\\, die weich umbrochen wird.',
      'ADR;TYPE=WORK:;;Hauptstraße 1;Köln;;50667;Deutschland',
      'ORG:Beispiel GmbH',
      'TITLE:Einkauf',
      'BDAY:19750412',
      'URL:http://www.example.de/',
      'X-NOKIA-PTTID:sip:juergen@ptt.example.de',
      'X-EPOCSECONDNAME:Jo',
      'X-CLASS:private',
      'REV:20091024T110235Z',
      'UID:new-uid',
      'END:VCARD',
    ]);
  });

  test('sent back as 2.1 with bare types and UTF-8 quoted-printable', () => {
    const back = toClientVCard(toServerVCard(sent, 'text/x-vcard', { newUid }), 'text/x-vcard');
    const lines = back.split('\r\n');
    const joined = back.replace(/=\r\n/g, '').split('\r\n'); // soft line breaks undone
    assert.ok(lines.includes('TEL;CELL;PREF:+491701234567'));
    assert.ok(lines.includes('TEL;WORK;VOICE:+4930123456'));
    assert.ok(joined.includes('N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:M=C3=BCller;J=C3=BCrgen;;;'));
    assert.ok(joined.includes('ADR;WORK;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:;;Hauptstra=C3=9Fe 1;K=C3=B6ln;;50667;Deutschland'));
    assert.ok(
      joined.includes(
        'NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Erste Zeile=0D=0AZweite Zeile mit =C3=9Cmlaut und einer langen Zeile, die weich umbrochen wird.',
      ),
    );
    assert.ok(lines.includes('X-NOKIA-PTTID:sip:juergen@ptt.example.de'));
    for (const line of lines) assert.ok(line.length <= 76, `line over 76 characters: ${line}`);
  });
});

describe('Sony Ericsson (K750 / W810)', () => {
  const sent = crlf([
    'BEGIN:VCARD',
    'VERSION:2.1',
    'N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:=C5str=F6m;Bj=F6rn',
    'TEL;HOME;VOICE:+4646123456',
    'TEL;CELL:+46701234567',
    'TEL;WORK;FAX:+4646654321',
    'EMAIL;INTERNET;PREF:bjorn@example.se',
    'ADR;HOME;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:;;Storgatan 1=0D=0AV=E5ning 2;Lund;;22100;Sverige',
    'ORG:Ericsson AB;Forskning',
    'NOTE;CHARSET=WINDOWS-1252;ENCODING=QUOTED-PRINTABLE:Pris 5 =80 =96 =84offert=93',
    'X-IRMC-LUID:000200000123',
    'END:VCARD',
  ]);

  test('stored as 3.0 field by field, FN derived from N', () => {
    assert.deepEqual(store(sent), [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Björn Åström',
      'N:Åström;Björn',
      'TEL;TYPE=HOME,VOICE:+4646123456',
      'TEL;TYPE=CELL:+46701234567',
      'TEL;TYPE=WORK,FAX:+4646654321',
      'EMAIL;TYPE=INTERNET,PREF:bjorn@example.se',
      'ADR;TYPE=HOME:;;Storgatan 1\\nVåning 2;Lund;;22100;Sverige',
      'ORG:Ericsson AB;Forskning',
      'NOTE:Pris 5 € – „offert“',
      'X-IRMC-LUID:000200000123',
      'UID:new-uid',
      'END:VCARD',
    ]);
  });
});

describe('Motorola style and sloppy writers', () => {
  test('TYPE= in 2.1, ENCODING=8BIT, lowercase names, LF and \\r\\r\\n, blank lines, no END', () => {
    const sent = [
      'begin:vcard',
      'version:2.1  ',
      'n;charset=utf-8;encoding=8bit:Doe;Jane',
      '',
      'tel;type=cell:5551234567\r',
      'TEL;TYPE=WORK;TYPE=VOICE:5557654321   ',
      'EMAIL;TYPE=INTERNET:jane@example.com',
      'note;encoding=8bit;charset=utf-8:Grüße aus Köln',
      'X-MOTO-RINGTONE:ring1.mid',
      '',
    ].join('\n');
    assert.deepEqual(unfolded30(toServerVCard(sent, 'text/x-vcard', { newUid })), [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Jane Doe',
      'N:Doe;Jane',
      'TEL;TYPE=cell:5551234567',
      'TEL;TYPE=WORK,VOICE:5557654321   ',
      'EMAIL;TYPE=INTERNET:jane@example.com',
      'NOTE:Grüße aus Köln',
      'X-MOTO-RINGTONE:ring1.mid',
      'UID:new-uid',
      'END:VCARD',
    ]);
  });

  test('a 3.0 body sent as text/x-vcard is read as 3.0 (the VERSION line wins)', () => {
    const sent = crlf(['BEGIN:VCARD', 'VERSION:3.0', 'N:Doe;John;;;', 'NOTE:one\\ntwo\\, three', 'END:VCARD']);
    assert.ok(unfolded30(toServerVCard(sent, 'text/x-vcard', { newUid })).includes('NOTE:one\\ntwo\\, three'));
  });

  test('a 2.1 body sent as text/vcard is read as 2.1', () => {
    const sent = crlf(['BEGIN:VCARD', 'VERSION:2.1', 'N:Doe;John', 'TEL;CELL:123', 'NOTE:a \\n b', 'END:VCARD']);
    const lines = unfolded30(toServerVCard(sent, 'text/vcard', { newUid }));
    assert.ok(lines.includes('TEL;TYPE=CELL:123'));
    assert.ok(lines.includes('NOTE:a \\\\n b'), '2.1 has no \\n escape: the backslash is text');
  });
});

describe('photos', () => {
  const bytes = Uint8Array.from({ length: 700 }, (_, index) => (index * 37 + 11) % 256);
  const base64 = Buffer.from(bytes).toString('base64');
  const chunks = base64.match(/.{1,64}/g)!;

  test('2.1 base64 over many unindented lines, ended by an empty line (Nokia)', () => {
    const sent = crlf([
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N:Photo;Nokia',
      `PHOTO;ENCODING=BASE64;TYPE=JPEG:${chunks[0]}`,
      ...chunks.slice(1),
      '',
      'TEL;CELL:+3581234',
      'END:VCARD',
    ]);
    const lines = store(sent);
    assert.ok(lines.includes(`PHOTO;ENCODING=b;TYPE=JPEG:${base64}`));
    assert.ok(lines.includes('TEL;TYPE=CELL:+3581234'), 'the property after the photo is not eaten');
  });

  test('2.1 base64 on indented lines with a bare JPEG type (Android export)', () => {
    const sent = crlf([
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N:Photo;Android',
      'PHOTO;ENCODING=BASE64;JPEG:',
      ...chunks.map((chunk) => `  ${chunk}`),
      '',
      'END:VCARD',
    ]);
    assert.ok(store(sent).includes(`PHOTO;ENCODING=b;TYPE=JPEG:${base64}`));
  });

  test('sent to a 2.1 phone as ENCODING=BASE64 lines ended by an empty line', () => {
    const server = crlf(['BEGIN:VCARD', 'VERSION:3.0', 'N:P;Q;;;', 'FN:Q P', `PHOTO;ENCODING=b;TYPE=PNG:${base64}`, 'TEL:1', 'END:VCARD']);
    const phone = toClientVCard(server, 'text/x-vcard').split('\r\n');
    const start = phone.indexOf('PHOTO;ENCODING=BASE64;TYPE=PNG:');
    assert.ok(start > 0);
    const body: string[] = [];
    for (let index = start + 1; phone[index] !== ''; index++) body.push(phone[index]!);
    assert.equal(body.map((line) => line.trim()).join(''), base64);
    assert.ok(body.every((line) => line.startsWith(' ') && line.length <= 77));
    assert.equal(phone[start + body.length + 2], 'TEL:1');
  });
});

test('a 1 MB photo converts in linear time (no quadratic line joining)', () => {
  const base64 = Buffer.alloc(1_000_000, 0x5a).toString('base64');
  const sent = crlf(['BEGIN:VCARD', 'VERSION:2.1', 'N:Big;Photo', 'PHOTO;ENCODING=BASE64;TYPE=JPEG:', ...base64.match(/.{1,76}/g)!.map((chunk) => ` ${chunk}`), '', 'END:VCARD']);
  const started = performance.now();
  const server = toServerVCard(sent, 'text/x-vcard', { newUid });
  const back = toClientVCard(server, 'text/x-vcard');
  assert.ok(performance.now() - started < 3000, `took ${Math.round(performance.now() - started)} ms`);
  assert.ok(unfolded30(server).includes(`PHOTO;ENCODING=b;TYPE=JPEG:${base64}`));
  assert.ok(back.includes('PHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n'));
});
