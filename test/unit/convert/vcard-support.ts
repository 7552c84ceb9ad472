// Test helpers for the vCard converter: corpus items and a normalised view of a card to compare.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseVCard } from '../../../gateway/convert/vcard/index.ts';

const corpusFolder = fileURLToPath(new URL('../../fixtures/corpora/syncevolution/', import.meta.url));

export interface CorpusItem {
  name: string;
  text: string;
}

/** The items of a SyncEvolution corpus file, each named after its FN (made unique with #n). */
export function corpusItems(file: string): CorpusItem[] {
  const text = readFileSync(corpusFolder + file, 'utf8');
  const seen = new Map<string, number>();
  return text
    .split(/\r?\n\r?\n(?=BEGIN:VCARD)/i)
    .filter((item) => item.trim() !== '')
    .map((item) => {
      const fnProperty = parseVCard(item).properties.find((property) => property.name === 'FN');
      const fn = (fnProperty?.value.kind === 'text' && fnProperty.value.parts[0]?.[0]) || 'no FN';
      const count = (seen.get(fn) ?? 0) + 1;
      seen.set(fn, count);
      return { name: count > 1 ? `${fn} #${count}` : fn, text: item };
    });
}

/**
 * A card as sorted lines `group.NAME;PARAM=a,b:decoded value`: parameter names and TYPE values
 * upper case, parameter values sorted (sets), values decoded (JSON of components and lists).
 */
/**
 * A comparable form of a card: sorted property lines with params as sets. Empty properties
 * are left out: the server copy drops them on purpose (a client's "no value").
 */
export function normalisedModel(vcard: string, options: { drop?: readonly string[] } = {}): string[] {
  const card = parseVCard(vcard);
  const empty = (p: (typeof card.properties)[number]): boolean =>
    p.value.kind === 'binary' ? p.value.base64.trim() === '' : p.value.parts.every((vs) => vs.every((v) => /^[\s;,]*$/.test(v)));
  return card.properties
    .filter((property) => !options.drop?.includes(property.name) && !empty(property))
    .map((property) => {
      const params = [...property.params]
        .map(([name, values]) => {
          const set = [...new Set(name === 'TYPE' ? values.map((value) => value.toUpperCase()) : values)].sort();
          return `;${name}=${set.join(',')}`;
        })
        .sort()
        .join('');
      const value = property.value.kind === 'binary' ? `base64 ${property.value.base64}` : JSON.stringify(property.value.parts);
      return `${property.group ? `${property.group.toLowerCase()}.` : ''}${property.name}${params}:${value}`;
    })
    .sort();
}

/** Physical lines of a 3.0 text (CRLF) unfolded into logical lines. */
export function unfolded30(vcard: string): string[] {
  return vcard.replace(/\r\n[ \t]/g, '').split('\r\n').filter((line) => line !== '');
}

/** Octet length of a string in UTF-8. */
export function octets(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
