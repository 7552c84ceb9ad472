// How each property's value is structured, so it can be split, escaped and joined (RFC 2426 section 3, RFC 6350 section 6).

/**
 * - `text`: one value; `;` and `,` are literal (NOTE, FN, TEL, EMAIL ...).
 * - `components`: split at `;` only (ORG, GEO, GENDER).
 * - `component-lists`: split at `;`, each component a `,` list in 3.0/4.0 (N, ADR); unknown
 *   and X- properties are read this way too, so their structure survives untouched.
 * - `list`: one `,` list (CATEGORIES, NICKNAME).
 * - `uri`: one value written without escaping (URL, IMPP, PHOTO by reference).
 */
export type ValueShape = 'text' | 'components' | 'component-lists' | 'list' | 'uri';

const shapes: Record<string, ValueShape> = {
  N: 'component-lists',
  ADR: 'component-lists',
  ORG: 'components',
  GEO: 'components',
  GENDER: 'components',
  CLIENTPIDMAP: 'components',
  CATEGORIES: 'list',
  NICKNAME: 'list',
  URL: 'uri',
  IMPP: 'uri',
  CALURI: 'uri',
  CALADRURI: 'uri',
  CAPURI: 'uri',
  FBURL: 'uri',
  SOURCE: 'uri',
  MEMBER: 'uri',
};

const textProperties = new Set([
  'FN', 'NOTE', 'TITLE', 'ROLE', 'LABEL', 'EMAIL', 'TEL', 'UID', 'BDAY', 'ANNIVERSARY', 'REV',
  'MAILER', 'TZ', 'PRODID', 'SORT-STRING', 'CLASS', 'AGENT', 'NAME', 'PROFILE', 'KIND', 'LANG',
  'XML', 'RELATED', 'KEY', 'VERSION',
]);

/** Properties whose value may be inline binary data (ENCODING=b / BASE64). */
export const binaryCapable = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);

/** The shape of `name`'s value; `isUri` is true when a VALUE=uri/url parameter says so. */
export function shapeOf(name: string, isUri: boolean): ValueShape {
  if (isUri) return 'uri';
  const known = shapes[name];
  if (known) return known;
  if (binaryCapable.has(name) && name !== 'KEY') return 'uri';
  if (textProperties.has(name)) return 'text';
  return 'component-lists';
}

/** Whether a VALUE parameter marks the value as a URI (3.0 `uri`, 2.1 `URL`). */
export function isUriValue(valueParam: readonly string[] | undefined): boolean {
  return valueParam?.some((value) => /^(uri|url)$/i.test(value)) ?? false;
}
