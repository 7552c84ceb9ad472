// The two conversions the engine needs: client vCard -> stored 3.0, and stored vCard -> client format.
import { randomUUID } from 'node:crypto';
import { ConvertError } from '../convert-error.ts';
import { findProperty, textOf } from './model.ts';
import { parseVCard } from './parse-vcard.ts';
import { dropEmptyProperties } from './empty-properties.ts';
import { ensureRequiredProperties } from './required-properties.ts';
import { vcardFormatOf } from './version.ts';
import { writeVCard21 } from './write-vcard21.ts';
import { writeVCard30 } from './write-vcard30.ts';

/** The content types a SyncML client asks for: vCard 2.1 and vCard 3.0. */
export type ClientVCardType = 'text/x-vcard' | 'text/vcard';

/** Options of `toServerVCard`. */
export interface ToServerOptions {
  /** The UID the stored card must have (replaces the item's own). */
  uid?: string;
  /** Makes a UID when the item has none; defaults to a random UUID. Inject for tests. */
  newUid?: () => string;
}

/**
 * Converts what a client sent (vCard 2.1 or 3.0, told apart by the VERSION line, else by
 * `fromType`) into valid vCard 3.0 for the CardDAV server. Every property is kept, X- and
 * unknown ones included; 2.1 parameters become 3.0 ones (`TEL;CELL;VOICE` ->
 * `TEL;TYPE=CELL,VOICE`, `ENCODING=BASE64` -> `ENCODING=b`); quoted-printable is decoded.
 * Empty properties (a client's way of saying "no value") are left out.
 * N, FN and UID are always present (UID: `options.uid`, else the item's, else a new one).
 * @throws ConvertError when `data` is not a vCard.
 */
export function toServerVCard(data: string, fromType: string, options: ToServerOptions = {}): string {
  const card = parseVCard(data, vcardFormatOf(fromType, data));
  const newUid = options.newUid ?? randomUUID;
  return writeVCard30(ensureRequiredProperties(dropEmptyProperties(card), { uid: options.uid, newUid }));
}

/**
 * Converts a stored vCard (3.0, or 4.0 from other CardDAV clients) into what the client asked
 * for: `text/x-vcard` gives 2.1, `text/vcard` gives 3.0. N and FN are made sure of; no UID is
 * invented.
 * @throws ConvertError when `data` is not a vCard.
 */
export function toClientVCard(data: string, toType: ClientVCardType): string {
  const card = ensureRequiredProperties(parseVCard(data));
  return toType === 'text/x-vcard' ? writeVCard21(card) : writeVCard30(card);
}

/** The UID of a vCard, or undefined when it has none (or is not a vCard at all). */
export function readVCardUid(data: string): string | undefined {
  try {
    const uid = findProperty(parseVCard(data), 'UID');
    const text = uid ? textOf(uid).trim() : '';
    return text || undefined;
  } catch (error) {
    if (error instanceof ConvertError) return undefined;
    throw error;
  }
}
