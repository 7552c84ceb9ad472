// Clients send empty properties to mean "no value"; the stored card must not keep them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toServerVCard } from '../../../gateway/convert/vcard/index.ts';

test('empty properties from a libsynthesis client are not stored', () => {
  const sent = [
    'BEGIN:VCARD', 'VERSION:3.0', 'N:Test;Person;;;', 'FN:Person Test', 'ADR:;;;;;;', 'BDAY:', 'GEO:\\;',
    'NICKNAME:', 'PHOTO:', 'TEL;TYPE=CELL:+49 170 3', 'URL:', 'END:VCARD', '',
  ].join('\r\n');
  const stored = toServerVCard(sent, 'text/vcard', { uid: 'u1' });
  const names = stored.split('\r\n').filter(Boolean).map((l) => l.split(/[:;]/)[0]);
  assert.deepEqual([...names].sort(), ['BEGIN', 'END', 'FN', 'N', 'TEL', 'UID', 'VERSION']);
  for (const gone of ['ADR', 'BDAY', 'GEO', 'NICKNAME', 'PHOTO', 'URL']) assert.ok(!names.includes(gone), `${gone} kept`);
  assert.match(stored, /TEL;TYPE=CELL:\+49 170 3/);
});
