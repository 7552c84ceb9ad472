// Splitting, unescaping and escaping of property values, which differ between vCard 2.1 and 3.0/4.0.
import type { VCardVersion } from './model.ts';
import type { ValueShape } from './property-kinds.ts';
import { splitUnescaped } from '../versit/versit-text.ts';

/**
 * RFC 2426 section 5 / RFC 6350 section 3.4: `\n`, `\\`, `\,`, `\;`. 2.1 only escapes `;` (and,
 * by common practice, `\` and `,`), and has no `\n`: line breaks travel quoted-printable.
 * `\:` (written by Apple) is read everywhere; an unknown escape is kept as it stands.
 */
function unescape(raw: string, version: VCardVersion): string {
  const modern = version !== '2.1';
  return raw.replace(/\\(.)/gs, (whole, char: string) => {
    if (char === 'n' || char === 'N') return modern ? '\n' : whole;
    if (char === '\\' || char === ',' || char === ';' || char === ':') return char;
    return whole;
  });
}

/** Line breaks inside values are always `\n` in the model, whatever the sender used. */
function normaliseBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Decodes an (already quoted-printable-decoded) raw value into components of value lists. */
export function decodeText(raw: string, shape: ValueShape, version: VCardVersion, name: string): string[][] {
  const modern = version !== '2.1';
  const finish = (piece: string): string => normaliseBreaks(unescape(piece, version));
  switch (shape) {
    case 'text':
    case 'uri':
      return [[finish(raw)]];
    case 'list':
      return [splitUnescaped(raw, modern ? ',' : ',;').map(finish)];
    case 'components': {
      // 2.1 writes GEO as "lat,long" (vCard 2.1 section 2.4.1); 3.0 as "lat;long".
      const separator = !modern && name === 'GEO' && !raw.includes(';') ? ',' : ';';
      return splitUnescaped(raw, separator).map((component) => [finish(component)]);
    }
    case 'component-lists':
      return splitUnescaped(raw, ';').map((component) =>
        modern ? splitUnescaped(component, ',').map(finish) : [finish(component)],
      );
  }
}

/** RFC 2426 text: backslash, `;`, `,` and line breaks escaped; other control characters are not allowed. */
function escapeModern(text: string): string {
  return text
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '')
    .replace(/[\\;,\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));
}

function escapeLegacy(text: string): string {
  return text.replace(/[\\;]/g, (char) => `\\${char}`);
}

/** 2.1 list values (CATEGORIES) are read split at `,` too, so a comma inside one is escaped. */
function escapeLegacyListValue(text: string): string {
  return text.replace(/[\\;,]/g, (char) => `\\${char}`);
}

/**
 * Encodes components for `version` (2.1 or 3.0). URIs are written as they are (RFC 2426 has
 * no escaping for the uri value type); 2.1 line breaks stay raw for the quoted-printable step.
 */
export function encodeText(parts: string[][], shape: ValueShape, version: '2.1' | '3.0', name: string): string {
  if (shape === 'uri') {
    const uri = parts.map((values) => values.join(',')).join(';');
    return version === '3.0' ? uri.replace(/\n/g, '\\n') : uri;
  }
  if (version === '3.0') return parts.map((values) => values.map(escapeModern).join(',')).join(';');
  const escape = shape === 'list' ? escapeLegacyListValue : escapeLegacy;
  const separator = name === 'GEO' ? ',' : ';';
  return parts.map((values) => values.map(escape).join(',')).join(separator);
}
