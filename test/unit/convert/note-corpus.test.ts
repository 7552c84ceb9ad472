// Notes: vNote 1.1 and plain text from phones, and SyncEvolution's VJOURNAL memos, through the server copy and back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ICAL from 'ical.js';
import { toClientNote, toServerNote, type NoteType } from '../../../gateway/convert/vnote/index.ts';
import { assertValidServerCalendar, corpusItems, deterministic, fixture, vcalText } from './calendar-support.ts';

/** What a user sees of a stored note, read with ical.js alone. */
interface NoteView {
  summary?: string;
  description?: string;
  categories?: string[];
  class?: string;
  created?: string;
  lastModified?: string;
  uid?: string;
  x?: string[];
}

function noteView(ics: string): NoteView {
  const journal = new ICAL.Component(ICAL.parse(ics) as never).getFirstSubcomponent('vjournal');
  assert.ok(journal, 'a VJOURNAL');
  const text = (name: string): string | undefined => {
    const value = journal.getFirstPropertyValue(name);
    return value === null ? undefined : String(value);
  };
  const view: NoteView = {
    summary: text('summary'),
    description: text('description'),
    categories: journal.getAllProperties('categories').flatMap((p) => p.getValues().map(String)),
    class: text('class'),
    created: text('created'),
    lastModified: text('last-modified'),
    uid: text('uid'),
    x: journal.getAllProperties().filter((p) => p.name.startsWith('x-')).map((p) => `${p.name.toUpperCase()}:${String(p.getFirstValue())}`),
  };
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as NoteView;
}

/** Title and body as one text, the way a client without a title field shows a note. */
function shownText(view: NoteView): string {
  if (!view.description) return view.summary ?? '';
  return view.summary && view.description.split('\n')[0]!.trim() !== view.summary.trim() ? `${view.summary}\n${view.description}` : view.description;
}

const notes: { file: string; type: NoteType; expected: NoteView }[] = [
  {
    file: 'nokia-s60-vnote.vnt',
    type: 'text/x-vnote',
    expected: {
      summary: 'Einkaufsliste',
      description: 'Einkaufsliste\n- Milch\n- Käse\n- Brötchen',
      created: '2026-11-02T07:15:00Z',
      lastModified: '2026-11-02T07:19:00Z',
      uid: 'generated-uid',
      x: ['X-IRMC-LUID:000000000101'],
    },
  },
  {
    file: 'sonyericsson-vnote.vnt',
    type: 'text/x-vnote',
    expected: { summary: 'Door code 4711', description: 'Door code 4711\nBike lock 0815', created: '2026-10-15T12:00:00Z', lastModified: '2026-10-16T08:00:00Z' },
  },
  {
    file: 'vnote-summary-categories.vnt',
    type: 'text/x-vnote',
    expected: { summary: 'Gift ideas', description: 'Book for Anna\nConcert tickets for Ben', categories: ['PERSONAL', 'IDEAS'], class: 'PRIVATE' },
  },
  { file: 'vnote-latin1.vnt', type: 'text/x-vnote', expected: { summary: 'Rückruf Herr Müller', description: 'Rückruf Herr Müller', lastModified: '2026-10-20T09:45:00Z' } },
  { file: 'vnote-single-line.vnt', type: 'text/x-vnote', expected: { summary: 'Call the plumber', description: 'Call the plumber', x: ['X-IRMC-LUID:000000000102'] } },
  {
    file: 'vnote-with-uid.vnt',
    type: 'text/x-vnote',
    expected: { summary: 'WLAN: gast', description: 'WLAN: gast\nPasswort: Sommer;2026', uid: 'note-7f3e-0001@phone', created: '2026-11-04T09:59:00Z' },
  },
  { file: 'plain-shopping-list.txt', type: 'text/plain', expected: { summary: 'Shopping', description: 'Shopping\nbread\nmilk\nÄpfel\n' } },
  { file: 'plain-single-line.txt', type: 'text/plain', expected: { summary: 'Remember the milk', description: 'Remember the milk' } },
];

describe('phone notes', () => {
  for (const { file, type, expected } of notes) {
    test(file, () => {
      const original = fixture(`notes/${file}`);
      const server = toServerNote(original, type, deterministic);
      assertValidServerCalendar(server);
      const view = noteView(server);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(view[key as keyof NoteView], value, key);
      const back = toClientNote(server, type);
      if (type === 'text/plain') assert.equal(back, original.replace(/\r?\n/g, '\r\n'), 'the phone gets its text back');
      else {
        assert.match(back, /^BEGIN:VNOTE\r\nVERSION:1\.1\r\n/);
        assert.equal(vcalText(back, 'BODY'), vcalText(original, 'BODY'), 'the phone gets its body back');
      }
      // The engine stores a replaced item under the server's UID (vNote 1.1 has no UID of its own).
      assert.deepEqual(noteView(toServerNote(back, type, { ...deterministic, uid: view.uid })), view, 'what the phone sends back means the same');
      assert.equal(shownText(noteView(toServerNote(toClientNote(server, 'text/plain'), 'text/plain', deterministic))), shownText(view), 'a plain-text client shows the same text');
    });
  }
});

describe('eds_memo.ics (VJOURNAL)', () => {
  for (const item of corpusItems('eds_memo.ics')) {
    test(item.name, () => {
      const server = toServerNote(item.text, 'text/calendar', deterministic);
      assertValidServerCalendar(server);
      const view = noteView(server);
      const original = noteView(item.text);
      assert.equal(view.summary, original.summary);
      assert.equal(view.description, original.description);
      assert.deepEqual(noteView(toClientNote(server, 'text/calendar')), view, 'an iCalendar client gets it back');
      for (const type of ['text/x-vnote', 'text/plain'] as const) {
        const phone = toClientNote(server, type);
        const again = noteView(toServerNote(phone, type, deterministic));
        assert.equal(shownText(again), shownText(view), `a ${type} phone shows and sends back the same text`);
        if (type === 'text/x-vnote') assert.equal(again.summary, view.summary, 'the vNote keeps the title');
      }
    });
  }
});

test('a note with non-ASCII text travels quoted-printable UTF-8, as phones expect', () => {
  const server = toServerNote('Grüße\r\naus Köln', 'text/plain', deterministic);
  const vnote = toClientNote(server, 'text/x-vnote');
  assert.match(vnote, /\r\nBODY;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Gr=C3=BC=C3=9Fe=0D=0Aaus K=/);
  assert.equal(vcalText(vnote, 'BODY'), 'Grüße\naus Köln');
  assert.match(vnote, /\r\nSUMMARY;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Gr=C3=BC=C3=9Fe\r\n/);
  for (const line of vnote.split('\r\n')) assert.ok(line.length <= 76, `quoted-printable lines stay short: ${line}`);
});

test('the content decides over the announced type', () => {
  const vnote = fixture('notes/vnote-single-line.vnt');
  assert.equal(noteView(toServerNote(vnote, 'text/plain', deterministic)).summary, 'Call the plumber', 'a vNote sent as text/plain');
  const memo = corpusItems('eds_memo.ics')[1]!.text;
  assert.equal(noteView(toServerNote(memo, 'text/x-vnote', deterministic)).summary, 'Summary', 'a VJOURNAL sent as text/x-vnote');
});

test('a given UID replaces the note\'s own', () => {
  const server = toServerNote(fixture('notes/vnote-with-uid.vnt'), 'text/x-vnote', { ...deterministic, uid: 'server-uid' });
  assert.equal(noteView(server).uid, 'server-uid');
});
