// The fidelity bar: every common contact field survives 2.1 -> 3.0 -> 2.1 and 3.0 -> 3.0 unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toClientVCard, toServerVCard } from '../../../gateway/convert/vcard/index.ts';
import { normalisedModel } from './vcard-support.ts';

const crlf = (lines: readonly string[]): string => `${lines.join('\r\n')}\r\n`;
const photo = Buffer.from(Uint8Array.from({ length: 200 }, (_, index) => (index * 7) % 256)).toString('base64');

const full30 = crlf([
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Doe-Müller;Jane;Anne,Marie;Dr.;PhD',
  'FN:Dr. Jane Anne Marie Doe-Müller PhD',
  'TEL;TYPE=CELL,PREF:+49 170 1234567',
  'TEL;TYPE=WORK,VOICE:+49 30 123456',
  'TEL;TYPE=HOME,FAX:+49 40 987654',
  'EMAIL;TYPE=INTERNET,WORK:jane@example.com',
  'EMAIL;TYPE=INTERNET,HOME:jane@example.org',
  'ADR;TYPE=WORK:Postfach 12;Gebäude B;Hauptstraße 1;Köln;NRW;50667;DE',
  'ADR;TYPE=HOME:;;Line 1\\nLine 2;Town;;12345;',
  'ORG:Example AG;Research;Lab 3',
  'TITLE:Head of Research',
  'NOTE:First line\\nSecond line with Ümlauts\\, a comma\\; a semicolon and a ba',
  ' ckslash \\\\\\nand a real tab\there',
  'BDAY:1980-02-29',
  'URL:http://example.com/path?a=1&b=2',
  'CATEGORIES:Business,VIP,Friends\\, close',
  `PHOTO;ENCODING=b;TYPE=JPEG:${photo.slice(0, 48)}`,
  ...photo.slice(48).match(/.{1,74}/g)!.map((chunk) => ` ${chunk}`),
  'X-CUSTOM;X-PARAM=value:custom value',
  'UID:fidelity-1',
  'END:VCARD',
]);

const full21 = crlf([
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Doe-M=C3=BCller;Jane;Anne;Dr.;PhD',
  'FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Dr. Jane Anne Doe-M=C3=BCller PhD',
  'TEL;CELL;PREF:+49 170 1234567',
  'TEL;WORK;VOICE:+49 30 123456',
  'TEL;HOME;FAX:+49 40 987654',
  'EMAIL;INTERNET;WORK:jane@example.com',
  'ADR;WORK;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Postfach 12;Geb=C3=A4ude B;Hauptstra=C3=9Fe 1;K=C3=B6ln;NRW;50667;Deutschland',
  'ADR;HOME;ENCODING=QUOTED-PRINTABLE:;;Line 1=0D=0ALine 2;Town;;12345;',
  'ORG:Example AG;Research',
  'TITLE:Head of Research',
  'NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:First line=0D=0ASecond line with =C3=9Cmlauts, a comma\\; a=',
  ' semicolon and a backslash \\\\',
  'BDAY:19800229',
  'URL:http://example.com/path?a=1&b=2',
  'CATEGORIES:Business,VIP',
  'PHOTO;ENCODING=BASE64;TYPE=JPEG:',
  ...photo.match(/.{1,72}/g)!.map((chunk) => ` ${chunk}`),
  '',
  'X-CUSTOM;X-PARAM=value:custom value',
  'UID:fidelity-2',
  'END:VCARD',
]);

test('3.0 -> 3.0: a card already in canonical form comes back byte for byte', () => {
  const server = toServerVCard(full30, 'text/vcard');
  assert.equal(server, full30);
  assert.equal(toClientVCard(server, 'text/vcard'), full30);
});

test('3.0 -> 2.1 -> 3.0 keeps every field', () => {
  const phone = toClientVCard(full30, 'text/x-vcard');
  const back = toServerVCard(phone, 'text/x-vcard');
  // 2.1 has no comma lists: "Anne,Marie" comes back as the one value "Anne,Marie".
  const expected = normalisedModel(full30).map((line) => line.replace('["Anne","Marie"]', '["Anne,Marie"]'));
  assert.deepEqual(normalisedModel(back), expected);
});

test('2.1 -> 3.0 -> 2.1 keeps every field', () => {
  const server = toServerVCard(full21, 'text/x-vcard');
  assert.deepEqual(normalisedModel(server), normalisedModel(full21));
  assert.deepEqual(normalisedModel(toClientVCard(server, 'text/x-vcard')), normalisedModel(full21));
});

test('2.1 -> 3.0 field by field', () => {
  const server = toServerVCard(full21, 'text/x-vcard').replace(/\r\n /g, '').split('\r\n');
  for (const line of [
    'N:Doe-Müller;Jane;Anne;Dr.;PhD',
    'TEL;TYPE=CELL,PREF:+49 170 1234567',
    'EMAIL;TYPE=INTERNET,WORK:jane@example.com',
    'ADR;TYPE=WORK:Postfach 12;Gebäude B;Hauptstraße 1;Köln;NRW;50667;Deutschland',
    'ADR;TYPE=HOME:;;Line 1\\nLine 2;Town;;12345;',
    'NOTE:First line\\nSecond line with Ümlauts\\, a comma\\; a semicolon and a backslash \\\\',
    'CATEGORIES:Business,VIP',
    `PHOTO;ENCODING=b;TYPE=JPEG:${photo}`,
    'X-CUSTOM;X-PARAM=value:custom value',
    'UID:fidelity-2',
  ]) {
    assert.ok(server.includes(line), `missing ${line}`);
  }
});
