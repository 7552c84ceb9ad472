// Writes the model as vCard 2.1 (versit 1996) for SyncML phones that ask for text/x-vcard.
import { textOf, type VCard, type VCardProperty } from './model.ts';
import { binaryCapable, isUriValue, shapeOf } from './property-kinds.ts';
import { layOutQuotedPrintable, quotedPrintableTokens } from './quoted-printable.ts';
import { encodeText } from './text-values.ts';

const base64LineLength = 76;

/** 2.1 has no quoting; a value with `;` or `:` is quoted anyway rather than broken. */
function paramValue(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  return /[;:]/.test(clean) ? `"${clean.replace(/"/g, "'")}"` : clean;
}

/**
 * 2.1 parameters: types as bare values (`TEL;CELL;VOICE`), except on binary properties whose
 * TYPE names the format (`PHOTO;TYPE=JPEG`, as in the 2.1 spec's examples); VALUE=uri is
 * VALUE=URL; other parameters are repeated rather than listed.
 */
function params(property: VCardProperty): string {
  let text = '';
  for (const [name, values] of property.params) {
    for (const value of values) {
      if (name === 'TYPE' && !binaryCapable.has(property.name)) text += `;${value.toUpperCase()}`;
      else if (name === 'VALUE' && /^uri$/i.test(value)) text += ';VALUE=URL';
      else text += `;${name}=${paramValue(value)}`;
    }
  }
  return text;
}

/** Base64 on the following lines, indented, ended by an empty line (vCard 2.1 section 2.1.3). */
function binaryLines(start: string, base64: string): string {
  const chunks = base64.match(new RegExp(`.{1,${base64LineLength}}`, 'g')) ?? [];
  return [`${start}:`, ...chunks.map((chunk) => ` ${chunk}`), ''].join('\r\n');
}

/** One property as 2.1 physical lines, without the final CRLF. */
export function writeProperty21(property: VCardProperty): string {
  const name = property.group ? `${property.group}.${property.name}` : property.name;
  if (property.value.kind === 'binary') return binaryLines(`${name};ENCODING=BASE64${params(property)}`, property.value.base64);
  if (property.name === 'AGENT' && /^BEGIN:VCARD/i.test(textOf(property))) {
    // vCard 2.1 section 2.4.2: the agent's card follows as it is, on its own lines.
    return `${name}${params(property)}:\r\n${textOf(property).replace(/\r?\n/g, '\r\n')}`;
  }
  const shape = shapeOf(property.name, isUriValue(property.params.get('VALUE')));
  const text = encodeText(property.value.parts, shape, '2.1', property.name);
  // Non-ASCII text and line breaks travel quoted-printable, in UTF-8 (vCard 2.1 section 2.1.3).
  if (/[^\x20-\x7e\t]/.test(text)) {
    const start = `${name}${params(property)};ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:`;
    return start + layOutQuotedPrintable(quotedPrintableTokens(text), start.length).join('=\r\n');
  }
  return `${name}${params(property)}:${text}`;
}

/** Serialises `card` as vCard 2.1 with CRLF line ends. */
export function writeVCard21(card: VCard): string {
  const lines = ['BEGIN:VCARD', 'VERSION:2.1', ...card.properties.map(writeProperty21), 'END:VCARD'];
  return `${lines.join('\r\n')}\r\n`;
}
