// What the converter does with items that are not vCards: a readable ConvertError the engine maps to 415/400.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConvertError, toClientVCard, toServerVCard } from '../../../gateway/convert/vcard/index.ts';

function convertError(run: () => unknown): ConvertError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConvertError, `expected a ConvertError, got ${String(error)}`);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'ConvertError');
    return error;
  }
  assert.fail('no error thrown');
}

test('an empty item', () => {
  const error = convertError(() => toServerVCard('', 'text/x-vcard'));
  assert.equal(error.kind, 'unsupported-format');
  assert.equal(error.message, 'the item is empty, expected a vCard');
  assert.equal(convertError(() => toServerVCard(' \r\n\r\n', 'text/vcard')).kind, 'unsupported-format');
});

test('plain text', () => {
  const error = convertError(() => toServerVCard('Hello, this is a note\r\nand more', 'text/x-vcard'));
  assert.equal(error.kind, 'unsupported-format');
  assert.equal(error.message, 'the item is not a vCard: no BEGIN:VCARD line (it starts with "Hello, this is a note")');
});

test('a vCalendar sent as a contact', () => {
  const error = convertError(() => toServerVCard('BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n', 'text/x-vcard'));
  assert.match(error.message, /no BEGIN:VCARD line \(it starts with "BEGIN:VCALENDAR"\)/);
});

test('long first lines are cut in the message', () => {
  const error = convertError(() => toServerVCard(`<html><body>${'x'.repeat(500)}</body></html>`, 'text/vcard'));
  assert.ok(error.message.length < 120, error.message);
});

test('a vCard with no properties is malformed', () => {
  const error = convertError(() => toServerVCard('BEGIN:VCARD\r\nVERSION:2.1\r\nEND:VCARD\r\n', 'text/x-vcard'));
  assert.equal(error.kind, 'malformed');
  assert.equal(error.message, 'the vCard has no properties');
});

test('the server side is checked too', () => {
  assert.equal(convertError(() => toClientVCard('garbage', 'text/x-vcard')).kind, 'unsupported-format');
});

test('broken but recognisable vCards are converted, not rejected', () => {
  for (const data of [
    'BEGIN:VCARD\r\nN:Doe;John\r\n', // no VERSION, no END
    'BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=QUOTED-PRINTABLE:=C3=\nFN:x\nEND:VCARD', // QP cut short
    'BEGIN:VCARD\r\nVERSION:2.1\r\nPHOTO;ENCODING=BASE64:!!notbase64!!\r\nN:A\r\nEND:VCARD', // bad base64
    'BEGIN:VCARD\r\nVERSION:3.0\r\nX-A;X-P="unclosed:v\r\nN:A;;;;\r\nEND:VCARD', // unbalanced quote
    'BEGIN:VCARD\r\nVERSION:2.1\r\nAGENT:\r\nBEGIN:VCARD\r\nN:Nested\r\n', // nested card never closed
  ]) {
    assert.match(toServerVCard(data, 'text/x-vcard', { newUid: () => 'u' }), /^BEGIN:VCARD\r\nVERSION:3\.0\r\n[\s\S]*END:VCARD\r\n$/);
  }
});
