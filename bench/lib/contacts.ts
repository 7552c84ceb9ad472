// The benchmark's address books: deterministic contacts as vCard 2.1 (what the device holds)
// and vCard 3.0 with a UID (what goes straight into Radicale), a few with ~20 kB photos.
import { testContact, vcard21, vcard30 } from '../../test/support/contacts.ts';

/** A photo of about 20 kB once base64-encoded: JPEG markers around deterministic noise. */
export function jpegLikePhoto(seed: number, rawBytes = 15_000): Buffer {
  const bytes = Buffer.alloc(rawBytes);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < rawBytes; i++) {
    // xorshift32: fast, deterministic, incompressible enough to look like image data
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]).copy(bytes, 0);
  bytes[rawBytes - 2] = 0xff;
  bytes[rawBytes - 1] = 0xd9;
  return bytes;
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** vCard 2.1 base64 value: continuation lines indented, ended by an empty line (vCard 2.1 §2.1.3). */
function photo21(photo: Buffer): string {
  const [first = '', ...rest] = chunks(photo.toString('base64'), 72);
  return [`PHOTO;ENCODING=BASE64;TYPE=JPEG:${first}`, ...rest.map((line) => ` ${line}`), ''].join('\r\n');
}

/** vCard 3.0 folded at 75 octets (RFC 2426 §2.6, RFC 2425 §5.8.1). */
function photo30(photo: Buffer): string {
  const line = `PHOTO;ENCODING=b;TYPE=JPEG:${photo.toString('base64')}`;
  const [first = '', ...rest] = [line.slice(0, 75), ...chunks(line.slice(75), 74)];
  return [first, ...rest.map((l) => ` ${l}`)].join('\r\n');
}

function insertBeforeEnd(card: string, lines: string): string {
  return card.replace(/END:VCARD\r\n$/, `${lines}\r\nEND:VCARD\r\n`);
}

export interface BenchContact {
  index: number;
  /** Resource name in Radicale for direct PUTs (`<uid>.vcf`). */
  name: string;
  uid: string;
  /** What a phone holds and sends: vCard 2.1, no UID. */
  vcard21: string;
  /** The same contact as vCard 3.0 with a UID, for direct PUTs into Radicale. */
  vcard30: string;
  hasPhoto: boolean;
}

/** Contact `i` of data set `tag` (tags keep data sets apart: `S1`, `S3L`...). */
export function benchContact(i: number, tag: string, photoEvery = 0): BenchContact {
  const contact = testContact(i, tag);
  const uid = `bench-${tag.toLowerCase()}-${i}`;
  const hasPhoto = photoEvery > 0 && i % photoEvery === photoEvery - 1;
  let card21 = vcard21(contact);
  let card30 = insertBeforeEnd(vcard30(contact), `UID:${uid}`);
  if (hasPhoto) {
    const photo = jpegLikePhoto(i + 1);
    card21 = insertBeforeEnd(card21, photo21(photo));
    card30 = insertBeforeEnd(card30, photo30(photo));
  }
  return { index: i, name: `${uid}.vcf`, uid, vcard21: card21, vcard30: card30, hasPhoto };
}

export function benchContacts(count: number, tag: string, photoEvery = 0): BenchContact[] {
  return Array.from({ length: count }, (_, i) => benchContact(i, tag, photoEvery));
}

/** A changed version of a 3.0 card (new NOTE), for "one change" runs. */
export function changedVCard30(card: string, round: number): string {
  return card.replace(/\r\nNOTE:[^\r]*/, `\r\nNOTE:changed in round ${round}`);
}

/** A changed version of a 2.1 card (new phone number). */
export function changedVCard21(card: string, round: number): string {
  return card.replace(/\r\nTEL;CELL:[^\r]*/, `\r\nTEL;CELL:+49 30 ${String(round).padStart(6, '0')}`);
}
