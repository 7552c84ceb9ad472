// Brings vCard 4.0 values (RFC 6350) that 3.0 and 2.1 write differently into the model's 3.0 shape.
import type { ContentLine } from './content-line.ts';
import type { PropertyValue } from './model.ts';
import { binaryCapable } from './property-kinds.ts';

/**
 * 4.0 inline photos are data: URIs (RFC 6350 section 6.2.4) and phone numbers may be tel:
 * URIs (section 6.4.1); 3.0 and 2.1 want base64 with TYPE=JPEG, and the bare number.
 * Returns the value to use instead of the raw one, adjusting `params`, or undefined.
 */
export function adaptVCard40Value(line: ContentLine, params: Map<string, string[]>): PropertyValue | undefined {
  const raw = line.value.trim();
  if (binaryCapable.has(line.name)) {
    const match = /^data:([^;,]*)(?:;[^,]*)?;base64,(.*)$/is.exec(raw);
    if (!match) return undefined;
    const subtype = match[1]?.split('/')[1];
    params.delete('VALUE');
    params.delete('MEDIATYPE');
    if (subtype && !params.has('TYPE')) params.set('TYPE', [subtype.toUpperCase()]);
    return { kind: 'binary', base64: Buffer.from(match[2]!.replace(/\s+/g, ''), 'base64').toString('base64') };
  }
  if (line.name === 'TEL' && /^tel:/i.test(raw)) {
    params.delete('VALUE');
    return { kind: 'text', parts: [[raw.slice(4)]] };
  }
  return undefined;
}
