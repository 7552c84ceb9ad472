// The contact merge keeps what a device cannot store, and never doubles what it sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeVCard } from '../../../gateway/convert/vcard/index.ts';

const stored = ['BEGIN:VCARD', 'VERSION:3.0', 'UID:u-1', 'FN:Anna M001', 'N:M001;Anna;;;', 'REV:20100328T103410Z', 'PHOTO;ENCODING=b;TYPE=JPEG:AAAA', 'X-SPOUSE:Bob', 'TEL;TYPE=CELL:+49 1', 'END:VCARD', ''].join('\r\n');

const count = (text: string, name: string) => text.split(/\r\n/).filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`)).length;

test('a property the device sent but its CTCap does not list (UID, REV) appears once', () => {
  const incoming = ['BEGIN:VCARD', 'VERSION:3.0', 'REV:20261126T101500Z', 'N:M001;Anna;;;', 'FN:Anna M001', 'TEL;TYPE=CELL:+49 2', 'UID:u-1', 'END:VCARD', ''].join('\r\n');
  const merged = mergeVCard(stored, incoming, new Set(['N', 'FN', 'TEL']));
  assert.equal(count(merged, 'UID'), 1);
  assert.equal(count(merged, 'REV'), 1);
  assert.match(merged, /REV:20261126T101500Z/, "the device's REV, not the stored one");
  assert.equal(count(merged, 'PHOTO'), 1, 'kept: the device has no photo');
  assert.equal(count(merged, 'X-SPOUSE'), 1, 'kept: not in the CTCap');
  assert.match(merged, /TEL;TYPE=CELL:\+49 2/);
  assert.doesNotMatch(merged, /\+49 1/, 'the phone number is the device\'s');
});

test('a supported property the device left out is removed', () => {
  const incoming = ['BEGIN:VCARD', 'VERSION:3.0', 'N:M001;Anna;;;', 'FN:Anna M001', 'UID:u-1', 'END:VCARD', ''].join('\r\n');
  const merged = mergeVCard(stored, incoming, new Set(['N', 'FN', 'TEL']));
  assert.equal(count(merged, 'TEL'), 0);
  assert.equal(count(merged, 'PHOTO'), 1);
});
