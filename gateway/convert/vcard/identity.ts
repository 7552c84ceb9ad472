// What identifies a contact beyond its id: the keys a slow sync matches on, a name for the
// log, and its revision time for the newer-wins conflict policy.
import { findProperty, textOf, type VCard } from './model.ts';
import { parseVCard } from './parse-vcard.ts';

function normal(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function card(data: string): VCard | undefined {
  try {
    return parseVCard(data);
  } catch {
    return undefined;
  }
}

/**
 * Keys under which two copies of one contact meet: its UID, and its name (FN with the
 * components of N), which survives a client that drops UIDs.
 */
export function vcardMatchKeys(data: string): string[] {
  const c = card(data);
  if (c === undefined) return [];
  const keys: string[] = [];
  const uid = findProperty(c, 'UID');
  if (uid !== undefined && textOf(uid).trim() !== '') keys.push(`uid:${textOf(uid).trim()}`);
  const fn = findProperty(c, 'FN');
  const n = findProperty(c, 'N');
  const name = [fn === undefined ? '' : normal(textOf(fn)), n === undefined ? '' : normal(textOf(n)).replace(/;+$/, '')].join('|');
  if (name !== '|') keys.push(`name:${name}`);
  return keys;
}

/** A short name for logs (FN). */
export function vcardDisplayName(data: string): string | undefined {
  const c = card(data);
  const fn = c === undefined ? undefined : findProperty(c, 'FN');
  return fn === undefined ? undefined : textOf(fn);
}

/** REV as a date, when the card has a readable one. */
export function vcardRevision(data: string): Date | undefined {
  const c = card(data);
  const rev = c === undefined ? undefined : findProperty(c, 'REV');
  if (rev === undefined) return undefined;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2}):?(\d{2})(Z)?)?/.exec(textOf(rev).trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
