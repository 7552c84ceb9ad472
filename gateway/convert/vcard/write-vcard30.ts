// Writes the model as vCard 3.0 (RFC 2426), the form the gateway stores on the CardDAV server.
import type { VCard, VCardProperty } from './model.ts';
import { foldLine } from './fold-line.ts';
import { isUriValue, shapeOf } from './property-kinds.ts';
import { encodeText } from './text-values.ts';

/** RFC 2426 param-value: quoted when it holds `;`, `:`, `,` or white space; `"` cannot be written. */
function paramValue(value: string): string {
  const clean = value.replace(/"/g, "'").replace(/[\r\n]+/g, ' ');
  return /[;:,\s]/.test(clean) || clean === '' ? `"${clean}"` : clean;
}

/** RFC 2426 names are letters, digits and `-`; a writer's `X-FOO_BAR` would make the server reject the card. */
function token(name: string): string {
  return name.replace(/[^A-Za-z0-9-]/g, '-');
}

function head(property: VCardProperty): string {
  let text = property.group ? `${token(property.group)}.${token(property.name)}` : token(property.name);
  if (property.value.kind === 'binary') text += ';ENCODING=b';
  for (const [name, values] of property.params) {
    if (values.length > 0) text += `;${token(name)}=${values.map(paramValue).join(',')}`;
  }
  return text;
}

function value(property: VCardProperty): string {
  if (property.value.kind === 'binary') return property.value.base64;
  const shape = shapeOf(property.name, isUriValue(property.params.get('VALUE')));
  return encodeText(property.value.parts, shape, '3.0', property.name);
}

/** One property as a folded 3.0 content line, without the final CRLF. */
export function writeProperty30(property: VCardProperty): string {
  return foldLine(`${head(property)}:${value(property)}`);
}

/**
 * Serialises `card` as vCard 3.0: CRLF line ends, lines folded at 75 octets, text escaped,
 * binary values as ENCODING=b. It writes what the model holds; making sure N, FN and UID are
 * there is `ensureRequiredProperties`' job.
 */
export function writeVCard30(card: VCard): string {
  const lines = ['BEGIN:VCARD', 'VERSION:3.0', ...card.properties.map(writeProperty30), 'END:VCARD'];
  return `${lines.join('\r\n')}\r\n`;
}
