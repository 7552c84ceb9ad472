// The one in-memory shape of a contact, whatever vCard version it was read from or is written to.

/** The vCard versions the converters read; 2.1 and 3.0 are also written. */
export type VCardVersion = '2.1' | '3.0' | '4.0';

/**
 * A property value, already decoded (no escaping, no quoted-printable, no folding).
 * `text` holds the components (split at `;`), each a list of values (split at `,` where the
 * version and property allow it): `NOTE` is `[[note]]`, `N` is `[[family], [given], ...]`.
 * Line breaks inside values are always `\n`.
 */
export type PropertyValue =
  | { kind: 'text'; parts: string[][] }
  | { kind: 'binary'; base64: string };

/**
 * One content line. `name` and parameter names are upper case; parameter values keep their
 * case. Transfer details (ENCODING, CHARSET) are not kept: the value is decoded.
 * 2.1 bare parameters (`TEL;CELL`) are stored as TYPE values, as 3.0 writes them.
 */
export interface VCardProperty {
  group: string | undefined;
  name: string;
  params: Map<string, string[]>;
  value: PropertyValue;
}

/** A contact: its properties in order, without BEGIN, END and VERSION. */
export interface VCard {
  version: VCardVersion;
  properties: VCardProperty[];
}

/** The first property called `name` (upper case), if any. */
export function findProperty(card: VCard, name: string): VCardProperty | undefined {
  return card.properties.find((property) => property.name === name);
}

/** The value of a single-valued text property as one string (components joined by `;`). */
export function textOf(property: VCardProperty): string {
  if (property.value.kind !== 'text') return '';
  return property.value.parts.map((values) => values.join(',')).join(';');
}

/** A text property with one plain value. */
export function textProperty(name: string, text: string): VCardProperty {
  return { group: undefined, name, params: new Map(), value: { kind: 'text', parts: [[text]] } };
}
